package io.github.arena4j.bench.workload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;

/**
 * Variant (d): Jackson's tree model, {@code ObjectMapper.readTree(byte[])}, with its fast
 * double parser switched on (the default is the JDK's slower one; both round correctly).
 */
final class JacksonTree {

    private JacksonTree() {
    }

    static JsonMapper mapper() {
        return JsonMapper.builder(JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build()).build();
    }

    /** {@return the checksum of the tree under {@code root}}, string lengths in UTF-16 units. */
    static Checksum checksum(JsonNode root) {
        Checksum.Tally tally = new Checksum.Tally();
        walk(root, tally);
        return tally.result();
    }

    private static void walk(JsonNode node, Checksum.Tally tally) {
        tally.nodes++;
        switch (node.getNodeType()) {
            case OBJECT -> {
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    tally.stringLength += member.getKey().length();
                    walk(member.getValue(), tally);
                }
            }
            case ARRAY -> {
                for (int i = 0, n = node.size(); i < n; i++) {
                    walk(node.get(i), tally);
                }
            }
            case STRING -> tally.stringLength += node.textValue().length();
            case NUMBER -> tally.numberSum += node.doubleValue();
            default -> {
            }
        }
    }
}
