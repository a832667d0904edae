package io.reunir.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** values.yaml documents every value, and the every-option test file really sets every value. */
class ValuesFileTest {
  private static final Pattern KEY_LINE = Pattern.compile("^( *)([A-Za-z][A-Za-z0-9]*):(.*)$");

  @Test
  void everyValueHasACommentOnItselfOrOnItsParent() {
    var lines = ChartFiles.read(ChartFiles.chart().resolve("values.yaml")).lines().toList();
    // indentation -> whether the enclosing key at that level is commented
    var commentedAt = new ArrayList<Boolean>();
    var uncommented = new ArrayList<String>();
    for (int i = 0; i < lines.size(); i++) {
      var m = KEY_LINE.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      int level = m.group(1).length() / 2;
      while (commentedAt.size() > level) {
        commentedAt.remove(commentedAt.size() - 1);
      }
      boolean own = i > 0 && lines.get(i - 1).trim().startsWith("#");
      boolean inherited = commentedAt.contains(true);
      if (!own && !inherited && isLeaf(m.group(3), lines, i)) {
        uncommented.add(lines.get(i).trim());
      }
      commentedAt.add(own || inherited);
    }
    assertThat(uncommented).as("values without a comment in values.yaml").isEmpty();
  }

  @Test
  void allOptionsFileSetsEveryKeyOfValuesYaml() {
    var defaults = keys(load(ChartFiles.chart().resolve("values.yaml").toString()));
    var everyOption = keys(load(OperatorDeploymentTest.ALL_OPTIONS.toString()));
    // an empty map in values.yaml ({}) is set when the every-option file fills it
    var missing =
        defaults.stream()
            .filter(k -> everyOption.stream().noneMatch(o -> o.equals(k) || o.startsWith(k + ".")))
            .toList();
    assertThat(missing).as("values.yaml keys not set in all-options.yaml").isEmpty();
  }

  private static boolean isLeaf(String rest, List<String> lines, int i) {
    if (!rest.isBlank()) {
      return true;
    }
    // a key with nothing after the colon is a map parent, or a list whose items follow
    return i + 1 < lines.size() && lines.get(i + 1).trim().startsWith("- ");
  }

  private static Map<?, ?> load(String path) {
    return Serialization.unmarshal(ChartFiles.read(Path.of(path)), Map.class);
  }

  /** Dotted paths of the keys whose values are not maps (lists and scalars are leaves). */
  private static TreeSet<String> keys(Map<?, ?> map) {
    var out = new TreeSet<String>();
    collect("", map, out);
    return out;
  }

  private static void collect(String prefix, Map<?, ?> map, TreeSet<String> out) {
    for (var e : map.entrySet()) {
      var key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
        collect(key + ".", child, out);
      } else {
        out.add(key);
      }
    }
  }
}
