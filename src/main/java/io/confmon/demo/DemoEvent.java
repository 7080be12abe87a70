package io.confmon.demo;

/**
 * What a record sent by the simulator says, field for field as written (a field left out is null),
 * so a test's oracle can read it by the contract's rules on its own, without decoding bytes.
 */
public sealed interface DemoEvent permits PredictionEvent, LabelEvent, GarbageEvent {}
