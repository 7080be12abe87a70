package io.confmon.demo;

/** A model name in the events and the classifier that stands in for it. */
public record SimulatedModel(String name, FashionClassifier classifier) {
    public static final String PRIMARY = "fashion";
    public static final String CANARY = "fashion-canary";

    public static SimulatedModel primary() {
        return new SimulatedModel(PRIMARY, FashionClassifier.standard());
    }

    public static SimulatedModel canary() {
        return new SimulatedModel(CANARY, FashionClassifier.canary());
    }
}
