package deepdrill.grader.report;

import deepdrill.grader.runner.ExerciseResult;
import deepdrill.grader.Status;
import deepdrill.grader.runner.TaskResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML reports (the Ant/Surefire format every CI system reads: GitHub Classroom, GitLab,
 * Jenkins): one {@code TEST-deepdrill.<id>.xml} per exercise, a {@code testcase} per task.
 * A not-implemented task is a failure of type {@code not_implemented}; a timeout, a crash or an
 * exception is an error whose type is the status.
 */
public final class JunitXmlReport {

    private JunitXmlReport() {
    }

    /** Writes the files into {@code dir} (created if needed) and returns how many. */
    public static int write(Path dir, CheckReport report) throws IOException {
        Files.createDirectories(dir);
        int written = 0;
        for (ExerciseResult e : report.result().exercises()) {
            Path file = dir.resolve("TEST-deepdrill." + e.exercise().id() + ".xml");
            try (OutputStream out = Files.newOutputStream(file)) {
                writeSuite(out, e, report);
            } catch (XMLStreamException ex) {
                throw new IOException("cannot write " + file + ": " + ex.getMessage(), ex);
            }
            written++;
        }
        return written;
    }

    private static void writeSuite(OutputStream stream, ExerciseResult e, CheckReport report) throws XMLStreamException {
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(stream, "UTF-8");
        long failures = e.tasks().stream().filter(t -> isFailure(t.status())).count();
        long errors = e.tasks().stream().filter(t -> isError(t.status())).count();
        long millis = e.tasks().stream().mapToLong(TaskResult::millis).sum();
        String suite = "deepdrill.week" + e.exercise().week() + "." + e.exercise().id();
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters("\n");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", suite);
        xml.writeAttribute("tests", String.valueOf(e.tasks().size()));
        xml.writeAttribute("failures", String.valueOf(failures));
        xml.writeAttribute("errors", String.valueOf(errors));
        xml.writeAttribute("skipped", "0");
        xml.writeAttribute("time", seconds(millis));
        xml.writeCharacters("\n  ");
        xml.writeStartElement("properties");
        property(xml, "implementation", report.implementation().directory());
        property(xml, "device", report.result().device().wireName());
        property(xml, "seed", String.valueOf(report.seed()));
        property(xml, "file", report.fileOf(e.exercise()));
        xml.writeEndElement();
        for (TaskResult t : e.tasks()) {
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testcase");
            xml.writeAttribute("name", t.name());
            xml.writeAttribute("classname", suite);
            xml.writeAttribute("time", seconds(t.millis()));
            if (t.status() != Status.PASSED) {
                xml.writeStartElement(isFailure(t.status()) ? "failure" : "error");
                xml.writeAttribute("type", t.status().wireName());
                xml.writeAttribute("message", firstLine(t.message()));
                xml.writeCharacters(t.title() + ": " + t.message() + "\nseed " + report.seed());
                xml.writeEndElement();
            }
            if (!t.output().isEmpty()) {
                xml.writeStartElement("system-out");
                xml.writeCharacters(t.output());
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeCharacters("\n");
        xml.writeEndElement();
        xml.writeCharacters("\n");
        xml.writeEndDocument();
        xml.close();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value);
    }

    private static boolean isFailure(Status s) {
        return s == Status.FAILED || s == Status.NOT_IMPLEMENTED;
    }

    private static boolean isError(Status s) {
        return s == Status.ERROR || s == Status.TIMEOUT || s == Status.CRASHED;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
