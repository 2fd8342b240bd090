package dev.blip.core.bucket;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Names the features of a count vector. For events the first feature is always {@code total}
 * and each configured category adds one more; events whose category is not configured still
 * count in the total. For pre-aggregated series the features are the value columns.
 */
public record FeatureSpec(List<String> names) {

    public static final String TOTAL = "total";

    public FeatureSpec {
        Objects.requireNonNull(names, "names");
        if (names.isEmpty()) {
            throw new IllegalArgumentException("at least one feature is required");
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("feature names must be distinct, got " + names);
        }
        names = List.copyOf(names);
    }

    /** {@code total} followed by the given categories. */
    public static FeatureSpec forEvents(List<String> categories) {
        List<String> all = new ArrayList<>();
        all.add(TOTAL);
        all.addAll(categories);
        return new FeatureSpec(all);
    }

    public static FeatureSpec single(String name) {
        return new FeatureSpec(List.of(name));
    }

    public int size() {
        return names.size();
    }

    /** Index of a category's feature, or -1 when it only counts towards the total. */
    public int categoryIndex(String category) {
        if (category == null || TOTAL.equals(category)) {
            return -1;
        }
        return names.indexOf(category);
    }

    /** Adds one event of the given category to a count vector laid out by this spec. */
    public void count(double[] counts, String category) {
        counts[0] += 1;
        int idx = categoryIndex(category);
        if (idx > 0) {
            counts[idx] += 1;
        }
    }
}
