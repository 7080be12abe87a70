package io.confmon.render;

import io.confmon.matrix.ClassIndex;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.matrix.MatrixDocument;
import io.confmon.matrix.Normalization;
import io.confmon.matrix.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Matrices for the render tests, built through the matrix core like the monitor builds them. */
final class TestMatrices {
    static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** A CNN's test-set matrix on Fashion-MNIST: Shirt and T-shirt/top, Pullover and Coat mixed up. */
    static final long[][] FASHION_COUNTS = {
        {850, 2, 15, 25, 4, 0, 100, 0, 4, 0},
        {3, 975, 1, 15, 3, 0, 2, 0, 1, 0},
        {15, 1, 840, 9, 75, 0, 58, 0, 2, 0},
        {20, 8, 10, 905, 30, 0, 24, 0, 3, 0},
        {1, 1, 90, 30, 820, 0, 57, 0, 1, 0},
        {0, 0, 0, 0, 0, 975, 0, 17, 1, 7},
        {135, 1, 80, 28, 70, 0, 678, 0, 8, 0},
        {0, 0, 0, 0, 0, 12, 0, 960, 0, 28},
        {3, 1, 4, 4, 3, 2, 5, 3, 974, 1},
        {0, 0, 0, 0, 0, 6, 1, 35, 0, 958},
    };

    /** 2026-11-24 10:00 UTC, and an hour later. */
    static final long FROM = 1795514400000L;
    static final long TO = FROM + 3_600_000L;

    private TestMatrices() {}

    static MatrixDocument fashion() {
        return document("fashion", FASHION, FASHION_COUNTS, FROM, TO);
    }

    static MatrixDocument document(String model, List<String> classes, long[][] counts, Long from, Long to) {
        ConfusionMatrix m = new ConfusionMatrix(ClassIndex.of(classes));
        for (int a = 0; a < counts.length; a++) {
            for (int p = 0; p < counts[a].length; p++) m.add(a, p, counts[a][p] * Weights.ONE);
        }
        return MatrixDocument.of(model, from, to, m, Normalization.TRUE);
    }

    /**
     * K classes with names of mixed length (some long enough to be shortened), a strong diagonal,
     * a few systematic confusions between neighbours and sparse noise; the same for the same seed.
     */
    static MatrixDocument many(int k, long seed) {
        Random random = new Random(seed);
        List<String> names = new ArrayList<>(k);
        for (int i = 0; i < k; i++) names.add(NAMES[i % NAMES.length] + (i < NAMES.length ? "" : " " + (i / NAMES.length + 1)));
        long[][] counts = new long[k][k];
        for (int a = 0; a < k; a++) {
            counts[a][a] = 150 + random.nextInt(850);
            if (a + 1 < k && random.nextInt(3) == 0) counts[a][a + 1] = 20 + random.nextInt(200);
            for (int noise = 0; noise < 4; noise++) counts[a][random.nextInt(k)] += random.nextInt(30);
        }
        return document("imagenet-subset", names, counts, FROM, FROM + 86_400_000L);
    }

    private static final String[] NAMES = {
        "tench", "goldfish", "great white shark", "tiger shark", "hammerhead", "electric ray", "stingray",
        "cock", "hen", "ostrich", "brambling", "goldfinch", "house finch", "junco", "indigo bunting",
        "American robin", "bulbul", "jay", "magpie", "chickadee", "American dipper", "kite (bird of prey)",
        "bald eagle", "vulture", "great grey owl", "fire salamander", "smooth newt", "newt", "spotted salamander",
        "axolotl", "American bullfrog", "tree frog", "tailed frog", "loggerhead sea turtle",
        "leatherback sea turtle", "mud turtle", "terrapin", "box turtle", "banded gecko", "green iguana",
        "Carolina anole", "desert grassland whiptail lizard", "agama", "frilled-necked lizard",
        "alligator lizard", "Gila monster", "European green lizard", "chameleon", "Komodo dragon",
        "Nile crocodile", "American alligator", "triceratops", "worm snake", "ring-necked snake",
        "eastern hog-nosed snake", "smooth green snake", "kingsnake", "garter snake", "water snake",
        "vine snake", "night snake", "boa constrictor", "African rock python", "Indian cobra",
    };
}
