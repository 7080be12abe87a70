package io.confmon.event;

/**
 * The class a label names, resolved against the class list of the model it is joined with: a
 * label without {@code model} applies to every model's prediction, and "class 3" means the fourth
 * name of each model's own list. A name is kept as a name; an index (or an array's argmax) as an index.
 *
 * @param name  the class name, or null when the label gave an index
 * @param index the class index, or -1 when the label gave a name
 */
public record LabelClass(String name, int index) {
    public static LabelClass ofName(String name) {
        return new LabelClass(name, -1);
    }

    public static LabelClass ofIndex(int index) {
        return new LabelClass(null, index);
    }

    /** The class name for a model with this class space; throws {@link Rejection} when it has no such class. */
    public String resolve(ClassSpace space) {
        return name != null ? space.byName(name, "actual") : space.byIndex(index, "actual");
    }
}
