package dev.blip.core.transform;

import java.util.ArrayList;
import java.util.List;

/**
 * The saved form of one channel group: a name ({@code level}, {@code difference}) and the
 * transforms that turn the stabilised counts of every feature into that group's channels.
 *
 * @param name       label of the group, used in logs and documentation
 * @param transforms the group's transforms, in order, fitted ones with their parameters
 */
public record ChannelSpec(String name, List<TransformSpec> transforms) {

    public ChannelSpec {
        transforms = transforms == null ? null : List.copyOf(transforms);
    }

    public List<String> violations(int index, int features) {
        List<String> out = new ArrayList<>();
        String where = "preprocessing.channels[" + index + "]";
        if (name == null || name.isBlank()) {
            out.add(where + ".name: required");
        }
        if (transforms == null) {
            out.add(where + ".transforms: required (may be empty)");
            return out;
        }
        for (int i = 0; i < transforms.size(); i++) {
            TransformSpec t = transforms.get(i);
            if (t == null) {
                out.add(where + ".transforms[" + i + "]: null");
                continue;
            }
            for (String v : t.violations(features)) {
                out.add(where + ".transforms[" + i + "]." + v);
            }
        }
        return out;
    }
}
