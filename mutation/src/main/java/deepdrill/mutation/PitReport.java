package deepdrill.mutation;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Turns PIT's {@code mutations.xml} into a mutation score per exercise, and lists every mutant
 * that the checks let through and that {@code pit-equivalent.txt} does not explain.
 *
 * <p>A mutant is "killed" when PIT says it was detected (a check failed, or the mutant ran out of
 * time or memory); it "survived" when every check passed, or when no check ran its line at all.
 * A survivor is either a mistake the checks miss (a better check would kill it) or equivalent: the
 * mutated code behaves exactly like the original for every input the contract allows, so no check
 * can tell them apart. Equivalent mutants are listed, one a line, in the equivalents file:
 *
 * <pre>
 * deepdrill.week3.ConvOutputSize.outputSize:63 ConditionalsBoundaryMutator | why no input can tell
 * </pre>
 *
 * <p>that is the mutated class, its method and line, PIT's mutator (its simple name) and, after
 * {@code |}, the one-line reason. One line covers every mutant of that mutator on that line.
 * Blank lines and lines starting with {@code #} are ignored.
 *
 * <p>Arguments: the XML report, the exercise catalog ({@code exercises/catalog.json}, which says
 * which solution class belongs to which exercise), the equivalents file, and {@code true} to exit
 * with status 1 when a survivor is unexplained.
 */
public final class PitReport {

    private PitReport() {
    }

    /** One mutant, as PIT reported it. */
    record Mutant(String className, String method, int line, String mutator, String description, String status,
                  boolean detected) {

        /** The key an equivalents line names it by. */
        String key() {
            return className + "." + method + ":" + line + " " + mutator;
        }
    }

    /** The counts of one exercise. */
    static final class Score {
        int mutants;
        int killed;
        int equivalent;
        final List<Mutant> unexplained = new ArrayList<>();

        int survived() {
            return mutants - killed;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: PitReport mutations.xml catalog.json pit-equivalent.txt failOnUnexplained");
        }
        Path xml = Path.of(args[0]);
        if (!Files.exists(xml)) {
            throw new IllegalStateException("no PIT report at " + xml + ": did PIT run (no mutants in the targets?)");
        }
        List<Mutant> mutants = readMutants(xml);
        Map<String, String> exercises = exercisesByClass(Path.of(args[1]));
        Map<String, String> equivalents = readEquivalents(Path.of(args[2]));
        Map<String, Score> scores = score(mutants, exercises, equivalents);
        System.out.print(table(scores));
        boolean unexplained = scores.values().stream().anyMatch(s -> !s.unexplained.isEmpty());
        if (unexplained && Boolean.parseBoolean(args[3])) {
            System.exit(1);
        }
    }

    static List<Mutant> readMutants(Path xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(xml.toFile());
        NodeList nodes = document.getElementsByTagName("mutation");
        List<Mutant> mutants = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            String mutator = text(e, "mutator");
            mutants.add(new Mutant(text(e, "mutatedClass"), text(e, "mutatedMethod"),
                    Integer.parseInt(text(e, "lineNumber")), mutator.substring(mutator.lastIndexOf('.') + 1),
                    text(e, "description"), e.getAttribute("status"), Boolean.parseBoolean(e.getAttribute("detected"))));
        }
        return mutants;
    }

    private static String text(Element e, String tag) {
        NodeList list = e.getElementsByTagName(tag);
        return list.getLength() == 0 ? "" : list.item(0).getTextContent().trim();
    }

    /** Solution class name (deepdrill.week3.ConvOutputSize) to exercise id, from the catalog's files. */
    static Map<String, String> exercisesByClass(Path catalog) throws IOException {
        JsonObject root = JsonParser.parseString(Files.readString(catalog)).getAsJsonObject();
        Map<String, String> byClass = new HashMap<>();
        for (JsonElement element : root.getAsJsonArray("exercises")) {
            JsonObject exercise = element.getAsJsonObject();
            String file = exercise.get("file").getAsString();
            byClass.put(file.replaceAll("\\.java$", "").replace('/', '.'), exercise.get("id").getAsString());
        }
        return byClass;
    }

    /** Equivalents file: key to reason. A line without a reason is refused: "equivalent" must say why. */
    static Map<String, String> readEquivalents(Path file) throws IOException {
        Map<String, String> equivalents = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return equivalents;
        }
        List<String> lines = Files.readAllLines(file);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int bar = line.indexOf('|');
            if (bar < 0 || line.substring(bar + 1).isBlank()) {
                throw new IllegalArgumentException(file + ":" + (n + 1) + ": an equivalent mutant needs a reason after '|': " + line);
            }
            equivalents.put(line.substring(0, bar).strip().replaceAll("\\s+", " "), line.substring(bar + 1).strip());
        }
        return equivalents;
    }

    static Map<String, Score> score(List<Mutant> mutants, Map<String, String> exercises, Map<String, String> equivalents) {
        Map<String, Score> scores = new TreeMap<>();
        for (Mutant m : mutants) {
            String outer = m.className().replaceAll("\\$.*", "");
            // A solution class no exercise names (a helper such as Conv2dLoops) is shown by its own name.
            String exercise = exercises.getOrDefault(outer, "(" + outer.substring(outer.lastIndexOf('.') + 1) + ")");
            Score s = scores.computeIfAbsent(exercise, key -> new Score());
            s.mutants++;
            if (m.detected()) {
                s.killed++;
            } else if (equivalents.containsKey(m.key())) {
                s.equivalent++;
            } else {
                s.unexplained.add(m);
            }
        }
        return scores;
    }

    static String table(Map<String, Score> scores) {
        StringBuilder out = new StringBuilder();
        out.append("\nMutation score per exercise (killed / mutants; the last column leaves out the equivalent ones)\n");
        String row = "%-22s %8s %7s %9s %11s %7s %9s%n";
        out.append(String.format(Locale.ROOT, row, "exercise", "mutants", "killed", "survived", "equivalent", "score",
                "w/o eq."));
        int mutants = 0;
        int killed = 0;
        int equivalent = 0;
        for (Map.Entry<String, Score> e : scores.entrySet()) {
            Score s = e.getValue();
            out.append(String.format(Locale.ROOT, row, e.getKey(), s.mutants, s.killed, s.survived(), s.equivalent,
                    percent(s.killed, s.mutants), percent(s.killed, s.mutants - s.equivalent)));
            mutants += s.mutants;
            killed += s.killed;
            equivalent += s.equivalent;
        }
        out.append(String.format(Locale.ROOT, row, "all", mutants, killed, mutants - killed, equivalent,
                percent(killed, mutants), percent(killed, mutants - equivalent)));
        List<Mutant> unexplained = scores.values().stream().flatMap(s -> s.unexplained.stream()).toList();
        if (unexplained.isEmpty()) {
            out.append("\nEvery surviving mutant is listed as equivalent.\n");
        } else {
            out.append("\n").append(unexplained.size()).append(" surviving mutant(s) not in pit-equivalent.txt "
                    + "(a check to strengthen, or an equivalent mutant to list with its reason):\n");
            for (Mutant m : unexplained) {
                out.append("  ").append(m.key()).append("  [").append(m.status()).append("] ")
                        .append(m.description()).append('\n');
            }
        }
        return out.toString();
    }

    private static String percent(int part, int whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }
}
