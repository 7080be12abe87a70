package io.confmon.demo;

/**
 * A record that is not an event at all (not JSON): it must land in the dead-letter topic.
 *
 * @param model the model a person would guess it was meant for, or null; for tallies only
 */
public record GarbageEvent(String model, String text) implements DemoEvent {}
