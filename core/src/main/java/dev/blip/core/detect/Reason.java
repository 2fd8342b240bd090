package dev.blip.core.detect;

import java.util.ArrayList;
import java.util.List;

/** Which signal made a bucket anomalous; the names appear in output records. */
public enum Reason {
    LIKELIHOOD("likelihood"), INSTANTANEOUS("instantaneous"), RANGE("range"),
    /** An anomalous bucket in which every count was zero; it holds its episode open while the key stays silent. */
    SILENCE("silence");

    private final String label;

    Reason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    int bit() {
        return 1 << ordinal();
    }

    static List<String> labels(int bits) {
        List<String> out = new ArrayList<>();
        for (Reason r : values()) {
            if ((bits & r.bit()) != 0) {
                out.add(r.label);
            }
        }
        return out;
    }
}
