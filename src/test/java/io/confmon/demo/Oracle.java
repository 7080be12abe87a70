package io.confmon.demo;

import io.confmon.demo.ContractReading.Lbl;
import io.confmon.demo.ContractReading.Pred;
import io.confmon.demo.ContractReading.Reading;
import io.confmon.demo.ContractReading.Rejected;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The confusion matrices confmon must arrive at for a set of sent records, computed from the
 * contract's joining rules with plain maps, as a test's expected value. It never looks at arrival
 * order (the contract's join is order-free), and it shares no code with confmon's join.
 *
 * <p>Per (model, id): the counting prediction is the earliest valid one (ties: the smaller class
 * name, then the smaller weight). The labels that apply are the model's own and those naming no
 * model whose class fits the model; of those no later than the horizon after the prediction, the
 * greatest ts counts (ties: the greater class name, then the greater weight, a weightless label
 * losing). Its weight wins if it has one, else the prediction's. Applicable labels all past the
 * horizon make the pair late; none at all, unlabelled. Rejected records never count.
 *
 * <p>It does not model stream time: confmon also drops a prediction that arrives after stream
 * time has passed its ts plus the horizon (say, behind a label more than the horizon later), which
 * the oracle would still join. The simulator and the generator never send such an order (labels
 * come minutes after their prediction, the horizon is days); a test with a short horizon must not either.
 */
public final class Oracle {
    private final long horizonMs;
    private final Function<String, List<String>> classesOf;
    private final ContractReading reading;

    private Oracle(Duration horizon, Function<String, List<String>> classesOf) {
        this.horizonMs = horizon.toMillis();
        this.classesOf = classesOf;
        this.reading = new ContractReading(classesOf);
    }

    /** Every model configured with the Fashion-MNIST class list, as {@code confmon demo} should configure them. */
    public static Oracle fashion(Duration horizon) {
        return withClasses(horizon, FashionClassifier.CLASSES);
    }

    /** Every model configured with {@code classes} ({@code models.<model>.classes}). */
    public static Oracle withClasses(Duration horizon, List<String> classes) {
        List<String> copy = List.copyOf(classes);
        return new Oracle(horizon, model -> copy);
    }

    /** Per-model class lists; a model not in the map learns its classes (an index i is the class "i"). */
    public static Oracle withClassLists(Duration horizon, Map<String, List<String>> classesByModel) {
        Map<String, List<String>> copy = Map.copyOf(classesByModel);
        return new Oracle(horizon, copy::get);
    }

    /** No class lists at all: names are taken as they come and an index i is the class "i". */
    public static Oracle learnedClasses(Duration horizon) {
        return new Oracle(horizon, model -> null);
    }

    public OracleResult expected(Collection<SentEvent> events) {
        Map<String, Tally> tallies = new TreeMap<>();
        Map<String, Map<String, Pred>> predictions = new TreeMap<>(); // model -> id -> counting prediction
        Map<String, List<Lbl>> labels = new HashMap<>(); // id -> every valid label
        long malformed = 0;
        for (SentEvent sent : events) {
            Reading r = reading.read(sent);
            if (r instanceof Rejected rejected) {
                malformed++;
                if (rejected.model() != null) tallies.computeIfAbsent(rejected.model(), m -> new Tally()).malformed++;
            } else if (r instanceof Pred p) {
                tallies.computeIfAbsent(p.model(), m -> new Tally()).predictionEvents++;
                predictions.computeIfAbsent(p.model(), m -> new HashMap<>()).merge(p.id(), p, Oracle::earlier);
            } else {
                Lbl l = (Lbl) r;
                labels.computeIfAbsent(l.id(), id -> new ArrayList<>()).add(l);
            }
        }
        Map<String, Map<String, Map<String, Long>>> units = new TreeMap<>();
        predictions.forEach((model, byId) -> {
            Tally tally = tallies.get(model);
            Map<String, Map<String, Long>> matrix = units.computeIfAbsent(model, m -> new TreeMap<>());
            List<String> classes = classesOf.apply(model);
            for (Pred p : byId.values()) {
                tally.predictions++;
                join(p, labels.getOrDefault(p.id(), List.of()), classes, matrix, tally);
            }
        });
        Map<String, ModelTally> frozen = new TreeMap<>();
        tallies.forEach((model, t) -> frozen.put(model, t.freeze()));
        units.replaceAll((model, matrix) -> freeze(matrix));
        return new OracleResult(Collections.unmodifiableMap(units), Collections.unmodifiableMap(frozen), malformed);
    }

    private void join(Pred p, List<Lbl> labelsOfId, List<String> classes, Map<String, Map<String, Long>> matrix, Tally tally) {
        boolean applicable = false;
        Lbl best = null;
        String bestClass = null;
        for (Lbl l : labelsOfId) {
            if (l.model() != null && !l.model().equals(p.model())) continue;
            String actual = l.resolve(classes);
            if (actual == null) continue;
            applicable = true;
            if (l.ts() - p.ts() > horizonMs) continue;
            if (best == null || laterLabel(l, actual, best, bestClass)) {
                best = l;
                bestClass = actual;
            }
        }
        if (best == null) {
            if (applicable) tally.late++;
            else tally.unlabelled++;
            return;
        }
        long weight = best.units() != ContractReading.NO_WEIGHT ? best.units() : p.units();
        matrix.computeIfAbsent(bestClass, a -> new TreeMap<>()).merge(p.predicted(), weight, Long::sum);
        tally.joined++;
    }

    /** The contract's prediction order: earliest ts, then the smaller class, then the smaller weight. */
    private static Pred earlier(Pred a, Pred b) {
        if (a.ts() != b.ts()) return a.ts() < b.ts() ? a : b;
        int byClass = a.predicted().compareTo(b.predicted());
        if (byClass != 0) return byClass < 0 ? a : b;
        return a.units() <= b.units() ? a : b;
    }

    /** The contract's label order: greatest ts, then the greater class, then the greater weight. */
    private static boolean laterLabel(Lbl l, String lClass, Lbl best, String bestClass) {
        if (l.ts() != best.ts()) return l.ts() > best.ts();
        int byClass = lClass.compareTo(bestClass);
        if (byClass != 0) return byClass > 0;
        return l.units() > best.units();
    }

    private static Map<String, Map<String, Long>> freeze(Map<String, Map<String, Long>> matrix) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        matrix.forEach((actual, row) -> out.put(actual, Collections.unmodifiableMap(row)));
        return Collections.unmodifiableMap(out);
    }

    /** Counts while reading; frozen into a {@link ModelTally} at the end. */
    private static final class Tally {
        long predictionEvents;
        long predictions;
        long joined;
        long late;
        long unlabelled;
        long malformed;

        ModelTally freeze() {
            return new ModelTally(predictionEvents, predictions, joined, late, unlabelled, malformed);
        }
    }
}
