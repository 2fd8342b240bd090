package dev.blip.core.transform;

import dev.blip.core.bucket.CountSeries;

import java.util.ArrayList;
import java.util.List;

/**
 * How counts become model input, as saved in a bundle: a {@link Stabiliser} applied to every
 * feature, then one or more channel groups, each its own transform list over the stabilised
 * values. The model sees {@code groups x features} channels, group-major: channel
 * {@code g * features + f} is group {@code g} of feature {@code f}.
 *
 * <p>The default for event counts is {@code ANSCOMBE} with two groups: {@code level} (per-key
 * EWM normalised level) and {@code difference} (first difference, per-key EWM normalised).
 * The differenced channel makes changes stand out; the level channel is what makes a sustained
 * silence or level shift visible after its first bucket (a window of zeros is trivially easy to
 * reconstruct in differences alone). The first group is the one expected counts are read from.
 *
 * @param stabiliser variance-stabilising step applied first
 * @param channels   channel groups, in model order
 */
public record Preprocessing(Stabiliser stabiliser, List<ChannelSpec> channels) {

    public static final String LEVEL = "level";
    public static final String DIFFERENCE = "difference";

    public Preprocessing {
        channels = channels == null ? null : List.copyOf(channels);
    }

    /** Level and difference channels over the given stabiliser. */
    public static Preprocessing levelAndDifference(Stabiliser stabiliser, List<TransformSpec> level,
                                                   List<TransformSpec> difference) {
        return new Preprocessing(stabiliser, List.of(new ChannelSpec(LEVEL, level), new ChannelSpec(DIFFERENCE, difference)));
    }

    /** One group only: what earlier models used (differenced, normalised). */
    public static Preprocessing single(Stabiliser stabiliser, String name, List<TransformSpec> transforms) {
        return new Preprocessing(stabiliser, List.of(new ChannelSpec(name, transforms)));
    }

    public int groups() {
        return channels.size();
    }

    public int channelCount(int features) {
        return channels.size() * features;
    }

    public List<String> violations(int features) {
        List<String> out = new ArrayList<>();
        if (stabiliser == null) {
            out.add("preprocessing.stabiliser: required (ANSCOMBE or NONE)");
        }
        if (channels == null || channels.isEmpty() || channels.size() > 4) {
            out.add("preprocessing.channels: 1 to 4 channel groups, got " + (channels == null ? null : channels.size()));
            return out;
        }
        for (int i = 0; i < channels.size(); i++) {
            if (channels.get(i) == null) {
                out.add("preprocessing.channels[" + i + "]: null");
            } else {
                out.addAll(channels.get(i).violations(i, features));
            }
        }
        return out;
    }

    /** Whether every global normaliser of every group has its fitted parameters. */
    public boolean fitted() {
        return channels.stream().allMatch(c -> c.transforms().stream().allMatch(TransformSpec::fitted));
    }

    /** Fits every group's global normalisers on the stabilised training series. */
    public Preprocessing fit(List<CountSeries> training) {
        List<CountSeries> stabilised = training.stream().map(this::stabilise).toList();
        List<ChannelSpec> fitted = new ArrayList<>();
        for (ChannelSpec c : channels) {
            fitted.add(new ChannelSpec(c.name(), TransformPipeline.fit(c.transforms(), stabilised)));
        }
        return new Preprocessing(stabiliser, fitted);
    }

    /** The series with the stabiliser applied to every value. */
    public CountSeries stabilise(CountSeries s) {
        double[][] v = new double[s.length()][];
        for (int t = 0; t < v.length; t++) {
            v[t] = s.values()[t].clone();
            for (int f = 0; f < v[t].length; f++) {
                v[t][f] = stabiliser.forward(v[t][f]);
            }
        }
        return new CountSeries(s.key(), s.interval(), s.startMillis(), s.features(), v);
    }

    /** Largest warm-up of any transform: outputs a key produces before it is scored. */
    public int warmup() {
        int w = 0;
        for (ChannelSpec c : channels) {
            for (TransformSpec t : c.transforms()) {
                w = Math.max(w, t.warmup() == null ? 0 : t.warmup());
            }
        }
        return w;
    }
}
