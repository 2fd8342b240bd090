package dev.blip.core.bundle;

import dev.blip.core.io.LogText;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * A strict reader of the coefficient vector as ND4J 1.0.0-M2.x writes it ({@code Nd4j.write}): a
 * shape buffer then a data buffer, each {@code UTF allocation-mode, long length, UTF data-type,
 * values} in big-endian order. Unlike {@code Nd4j.read} it allocates nothing the configuration
 * does not call for: the lengths must equal the network's parameter count, the data type must be
 * the network's, every value must be finite, and nothing may follow.
 */
final class Coefficients {

    static final String FIELD = BundleIO.NETWORK + "/" + NetworkCodec.COEFFICIENTS;
    private static final String ALLOCATION = "MIXED_DATA_TYPES";
    private static final String RETRAIN = "; retrain the model with this version of blip";

    private Coefficients() {
    }

    static INDArray read(byte[] bytes, DataType type, long parameters, String where) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new BundleException(FIELD, "in " + where + ": networks of data type " + type + " are not supported" + RETRAIN);
        }
        long width = type == DataType.FLOAT ? Float.BYTES : Double.BYTES;
        if (parameters < 1 || parameters > Integer.MAX_VALUE || parameters * width > bytes.length) {
            throw new BundleException(FIELD, "in " + where + " has " + bytes.length + " bytes, too few for the network's "
                    + parameters + " " + type + " parameters");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            long[] shape = shape(in, parameters, where);
            header(in, type.name(), parameters, where);
            INDArray params = type == DataType.FLOAT ? floats(in, (int) parameters, where) : doubles(in, (int) parameters, where);
            if (in.read() != -1) {
                throw new BundleException(FIELD, "in " + where + " has bytes after the " + parameters + " coefficients");
            }
            return shape.length == 2 ? params.reshape('c', shape[0], shape[1]) : params;
        } catch (EOFException e) {
            throw new BundleException(FIELD, "in " + where + " ends early (truncated coefficients)");
        } catch (IOException e) {
            throw new BundleException(FIELD, "cannot read the coefficients in " + where + ": " + e.getMessage());
        }
    }

    /** The shape buffer: {@code [rank, shape..., stride..., extras, ews, order]} of a vector. */
    private static long[] shape(DataInputStream in, long parameters, String where) throws IOException {
        String mode = in.readUTF();
        long length = in.readLong();
        String type = in.readUTF();
        if (!ALLOCATION.equals(mode) || !"LONG".equals(type) || (length != 6 && length != 8)) {
            throw new BundleException(FIELD, "in " + where + " is not in the coefficient layout this build reads (shape header '"
                    + LogText.escape(mode) + "', " + length + " " + LogText.escape(type) + ")" + RETRAIN);
        }
        long[] info = new long[(int) length];
        for (int i = 0; i < info.length; i++) {
            info[i] = in.readLong();
        }
        int rank = (int) info[0];
        long[] shape = new long[Math.max(rank, 0)];
        long product = 1;
        for (int i = 0; i < shape.length && 1 + i < info.length; i++) {
            shape[i] = info[1 + i];
            product = shape[i] < 0 ? -1 : product * shape[i];
        }
        boolean vector = (rank == 1 && length == 6) || (rank == 2 && length == 8 && shape[0] == 1);
        if (!vector || product != parameters) {
            throw new BundleException(FIELD, "in " + where + " must be a vector of the network's " + parameters
                    + " parameters, got rank " + rank + " with " + product + " values");
        }
        return shape;
    }

    private static void header(DataInputStream in, String type, long parameters, String where) throws IOException {
        String mode = in.readUTF();
        long length = in.readLong();
        String actual = in.readUTF();
        if (!ALLOCATION.equals(mode)) {
            throw new BundleException(FIELD, "in " + where + " has data header '" + LogText.escape(mode)
                    + "', not the layout this build reads" + RETRAIN);
        }
        if (length != parameters || !type.equals(actual)) {
            throw new BundleException(FIELD, "in " + where + " holds " + length + " " + LogText.escape(actual)
                    + " values, the network needs " + parameters + " " + type);
        }
    }

    private static INDArray floats(DataInputStream in, int n, String where) throws IOException {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readFloat();
            if (!Float.isFinite(values[i])) {
                throw nonFinite(i, values[i], where);
            }
        }
        return Nd4j.createFromArray(values);
    }

    private static INDArray doubles(DataInputStream in, int n, String where) throws IOException {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readDouble();
            if (!Double.isFinite(values[i])) {
                throw nonFinite(i, values[i], where);
            }
        }
        return Nd4j.createFromArray(values);
    }

    private static BundleException nonFinite(int index, double value, String where) {
        return new BundleException(FIELD, "in " + where + ": weight " + index + " is " + value
                + "; every weight must be a finite number (a NaN weight makes every score NaN, never anomalous)");
    }
}
