package io.confmon.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One scenario for the quality alerts: a model's simulated traffic, which alerts are judged, and
 * what must happen. A {@code fire} case has a change at {@link #STEP} and must fire for
 * {@code expected} within {@code deadline} minutes of it, and for nothing else; a {@code silent}
 * case must never fire. Every case starts with {@link #HISTORY} minutes of traffic before anything
 * is judged, so the 24h baseline is full, as on a monitor that has run for days.
 */
record AlertCase(String name, String what, List<String> alerts, SimulatedTraffic traffic, int firstJudged, int lastJudged,
                 Map<String, String> expected, Integer deadline) {
    static final String RISING = "ConfmonConfusionRising";
    static final String ACCURACY = "ConfmonAccuracyDrop";
    static final List<String> BOTH = List.of(RISING, ACCURACY);
    static final int HISTORY = 1440;
    /** Where a change happens in the fire cases: an hour into the judged time. */
    static final int STEP = HISTORY + 60;
    static final List<String> ABC = List.of("cat", "dog", "fox");

    boolean fires() {
        return expected != null;
    }

    // -------------------------------------------------------------------------------------------
    // ConfmonConfusionRising: the pair cat -> dog.
    // -------------------------------------------------------------------------------------------

    static AlertCase sharpStep() {
        return pairStep("sharp-step", "cat -> dog 5 % -> 35 %, 100 cat rows a minute (500 per 5 min)", 100, 0.35, 10, 101);
    }

    static AlertCase moderateStep() {
        return pairStep("moderate-step", "cat -> dog 5 % -> 25 %, 10 cat rows a minute (50 per 5 min)", 10, 0.25, 30, 102);
    }

    static AlertCase smallDrift() {
        SimulatedTraffic.Model model = threeClasses((minute, rows) -> 100, (minute) -> minute < STEP ? 0.05 : 0.055);
        return silent("small-drift", "cat -> dog 5 % -> 5.5 %, 100 cat rows a minute", model, STEP + 120, 103);
    }

    /** 4 cat rows per 5 minutes; in each 5-minute block cat -> dog is 0 % or 50 % at random. */
    static AlertCase lowSupportFlips() {
        long seed = 104;
        SimulatedTraffic.Model model = threeClasses((minute, rows) -> minute % 5 == 0 ? 0 : 1,
                minute -> new SplittableRandom(seed * 1_000_003L + minute / 5).nextBoolean() ? 0.5 : 0.0);
        return silent("low-support-flips", "4 cat rows per 5 min, cat -> dog 0 % or 50 % per 5-min block at random", model,
                STEP + 120, seed);
    }

    /** A real change, but at 4 rows per 5 minutes: below min_support (12 rows in 15 minutes). */
    static AlertCase lowSupportStep() {
        SimulatedTraffic.Model model = threeClasses((minute, rows) -> minute % 5 == 0 ? 0 : 1, minute -> minute < STEP ? 0.0 : 0.5);
        return silent("low-support-step", "4 cat rows per 5 min, cat -> dog 0 % for a day, then 50 %", model, STEP + 120, 105);
    }

    /** cat is recognized much more often (diagonal 50 % -> 95 %): a rising cell that is no confusion. */
    static AlertCase risingDiagonal() {
        SimulatedTraffic.Model model = new SimulatedTraffic.Model() {
            public int rows(int minute, int actual, SplittableRandom random) {
                return 100;
            }

            public double[] shares(int minute, int actual) {
                if (actual != 0) return actual == 1 ? new double[] {0.05, 0.9, 0.05} : new double[] {0.05, 0.05, 0.9};
                return minute < STEP ? new double[] {0.5, 0.25, 0.25} : new double[] {0.95, 0.025, 0.025};
            }
        };
        return new AlertCase("diagonal", "cat -> cat 50 % -> 95 %, 100 rows a minute per class", BOTH,
                SimulatedTraffic.draw("diagonal", ABC, STEP + 120, model, 106), HISTORY, STEP + 120, null, null);
    }

    /** The multiple-comparisons trap: 90 pairs of a random stable model, judged every minute. */
    static AlertCase stableTenClasses(int hours) {
        RandomModel model = RandomModel.draw(10, 8, false, 107);
        return new AlertCase("stable-10-classes", "random 10-class model, 8 rows per class a minute, 90 pairs, " + hours + " h judged",
                BOTH, SimulatedTraffic.draw("stable", model.classes(), HISTORY + hours * 60, model, 108), HISTORY,
                HISTORY + hours * 60, null, null);
    }

    // Our own.

    /** A slow ramp rather than a step: cat -> dog 5 % -> 35 % over 30 minutes, Poisson(30) cat rows a minute. */
    static AlertCase ramp() {
        SimulatedTraffic.Model model = threeClasses((minute, random) -> SimulatedTraffic.poisson(30, random),
                minute -> minute < STEP ? 0.05 : 0.05 + 0.30 * Math.min(1, (minute - STEP + 1) / 30.0));
        return new AlertCase("ramp", "cat -> dog 5 % -> 35 % over 30 min, Poisson(30) cat rows a minute", List.of(RISING),
                SimulatedTraffic.draw("ramp", ABC, STEP + 60, model, 109), HISTORY, STEP + 60, pair("ramp"), 30);
    }

    /** One pair of the random 10-class model jumps by 30 points at 8 rows a minute; the 89 others must stay quiet. */
    static AlertCase stepAmongTenClasses() {
        RandomModel stable = RandomModel.draw(10, 8, true, 110);
        SimulatedTraffic.Model model = new SimulatedTraffic.Model() {
            public int rows(int minute, int actual, SplittableRandom random) {
                return stable.rows(minute, actual, random);
            }

            public double[] shares(int minute, int actual) {
                double[] shares = stable.shares(minute, actual);
                if (actual != 0 || minute < STEP) return shares;
                return RandomModel.moveShare(shares, 0, 1, 0.30);
            }
        };
        List<String> classes = stable.classes();
        return new AlertCase("step-among-10", "random 10-class model, Poisson(8) rows per class a minute; "
                + classes.get(0) + " -> " + classes.get(1) + " +30 points", List.of(RISING),
                SimulatedTraffic.draw("tenfold", classes, STEP + 60, model, 111), HISTORY, STEP + 60,
                Map.of("model", "tenfold", "actual", classes.get(0), "predicted", classes.get(1)), 30);
    }

    /** Traffic volume swings tenfold every hour (Poisson 20 or 200 rows a minute); the shares stay put. */
    static AlertCase volumeSwings() {
        SimulatedTraffic.Model model = threeClasses((minute, random) -> SimulatedTraffic.poisson((minute / 60) % 2 == 0 ? 20 : 200, random),
                minute -> 0.05);
        return new AlertCase("volume-swings", "stable shares, Poisson 20 or 200 rows a minute per class, alternating hourly", BOTH,
                SimulatedTraffic.draw("swings", ABC, HISTORY + 240, model, 112), HISTORY, HISTORY + 240, null, null);
    }

    // -------------------------------------------------------------------------------------------
    // ConfmonAccuracyDrop: a 10-class model whose errors spread evenly.
    // -------------------------------------------------------------------------------------------

    static AlertCase sharpAccuracyDrop() {
        return accuracyStep("accuracy-sharp", "accuracy 90 % -> 70 %, 100 rows a minute (500 per 5 min)", 10, 0.90, 0.70, 10, 201);
    }

    static AlertCase moderateAccuracyDrop() {
        return accuracyStep("accuracy-moderate", "accuracy 90 % -> 75 %, 20 rows a minute (100 per 5 min)", 2, 0.90, 0.75, 30, 202);
    }

    static AlertCase smallAccuracyDrop() {
        return accuracyStep("accuracy-small", "accuracy 90 % -> 89 %, 100 rows a minute", 10, 0.90, 0.89, null, 203);
    }

    /** 4 rows per 5 minutes (cat only), accuracy 90 % -> 40 %: below min_support. */
    static AlertCase lowSupportAccuracyDrop() {
        SimulatedTraffic.Model model = new SimulatedTraffic.Model() {
            public int rows(int minute, int actual, SplittableRandom random) {
                return actual == 0 && minute % 5 != 0 ? 1 : 0;
            }

            public double[] shares(int minute, int actual) {
                double right = minute < STEP ? 0.9 : 0.4;
                return new double[] {right, (1 - right) / 2, (1 - right) / 2};
            }
        };
        return new AlertCase("accuracy-low-support", "4 rows per 5 min, accuracy 90 % -> 40 %", List.of(ACCURACY),
                SimulatedTraffic.draw("lowacc", ABC, STEP + 120, model, 204), HISTORY, STEP + 120, null, null);
    }

    static List<AlertCase> all() {
        List<AlertCase> cases = new ArrayList<>(List.of(sharpStep(), moderateStep(), smallDrift(), lowSupportFlips(), lowSupportStep(),
                risingDiagonal(), stableTenClasses(5), ramp(), stepAmongTenClasses(), volumeSwings()));
        cases.addAll(List.of(sharpAccuracyDrop(), moderateAccuracyDrop(), smallAccuracyDrop(), lowSupportAccuracyDrop()));
        return cases;
    }

    // -------------------------------------------------------------------------------------------

    private interface Rows {
        int at(int minute, SplittableRandom random);
    }

    private interface CatToDog {
        double at(int minute);
    }

    /** cat, dog, fox: dog and fox steady (100 rows a minute, 90 % right); cat's rows and its share to dog as given. */
    private static SimulatedTraffic.Model threeClasses(Rows catRows, CatToDog catToDog) {
        return new SimulatedTraffic.Model() {
            public int rows(int minute, int actual, SplittableRandom random) {
                return actual == 0 ? catRows.at(minute, random) : 100;
            }

            public double[] shares(int minute, int actual) {
                if (actual == 1) return new double[] {0.05, 0.9, 0.05};
                if (actual == 2) return new double[] {0.05, 0.05, 0.9};
                double toDog = catToDog.at(minute);
                return new double[] {0.95 - toDog, toDog, 0.05};
            }
        };
    }

    private static AlertCase pairStep(String name, String what, int catRows, double after, int deadline, long seed) {
        SimulatedTraffic.Model model = threeClasses((minute, random) -> catRows, minute -> minute < STEP ? 0.05 : after);
        return new AlertCase(name, what, List.of(RISING), SimulatedTraffic.draw(name, ABC, STEP + 60, model, seed), HISTORY, STEP + 60,
                pair(name), deadline);
    }

    private static Map<String, String> pair(String model) {
        return Map.of("model", model, "actual", "cat", "predicted", "dog");
    }

    private static AlertCase silent(String name, String what, SimulatedTraffic.Model model, int minutes, long seed) {
        return new AlertCase(name, what, BOTH, SimulatedTraffic.draw(name, ABC, minutes, model, seed), HISTORY, minutes, null, null);
    }

    private static AlertCase accuracyStep(String name, String what, int rowsPerClass, double before, double after, Integer deadline,
                                          long seed) {
        int k = 10;
        List<String> classes = RandomModel.names(k);
        SimulatedTraffic.Model model = new SimulatedTraffic.Model() {
            public int rows(int minute, int actual, SplittableRandom random) {
                return rowsPerClass;
            }

            public double[] shares(int minute, int actual) {
                double right = minute < STEP ? before : after;
                double[] shares = new double[k];
                java.util.Arrays.fill(shares, (1 - right) / (k - 1));
                shares[actual] = right;
                return shares;
            }
        };
        int end = STEP + (deadline == null ? 120 : 60);
        return new AlertCase(name, what, List.of(ACCURACY), SimulatedTraffic.draw(name, classes, end, model, seed), HISTORY, end,
                deadline == null ? null : Map.of("model", name), deadline);
    }
}
