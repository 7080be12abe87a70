package io.confmon.tf;

import java.util.Arrays;

/** Whether rows of features fit a model's input, and the shape to feed them as. */
public final class InputShapes {
    private InputShapes() {}

    /**
     * The row shape to feed: the data's own when it has the model's rank and every dimension the
     * signature fixes agrees; the model's when the data is flat with as many values. Otherwise a
     * {@link ModelError} that says both shapes.
     *
     * @param what names the data in the message ("X.npy rows", "line 3's features")
     */
    public static long[] feedShape(long[] modelRow, long[] dataRow, String what, String model) {
        if (modelRow.length == dataRow.length) {
            boolean fits = true;
            for (int i = 0; i < modelRow.length; i++) fits &= modelRow[i] < 0 || modelRow[i] == dataRow[i];
            if (fits) return dataRow.clone();
        }
        long modelSize = 1;
        for (long d : modelRow) modelSize = d < 0 ? -1 : modelSize * d;
        long dataSize = 1;
        for (long d : dataRow) dataSize *= d;
        if (dataRow.length == 1 && modelSize == dataSize) return modelRow.clone();
        throw new ModelError(what + " have shape " + Arrays.toString(dataRow) + " but " + model + " takes rows of shape "
                + describe(modelRow) + " (its signature's input is [batch" + (modelRow.length > 0 ? ", " : "")
                + Arrays.toString(modelRow).replace("[", "").replace("]", "").replace("-1", "?") + "])");
    }

    private static String describe(long[] shape) {
        return Arrays.toString(shape).replace("-1", "?");
    }

    public static int size(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return Math.toIntExact(n);
    }
}
