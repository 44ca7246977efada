package deepdrill.grader.runner;

import deepdrill.grader.LearnerCode;
import deepdrill.grader.catalog.Exercise;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Loads one run's classes fresh, in two loaders: the learner's classes see only the learner's
 * libraries (their parent is the system class loader, which holds ND4J and nothing of the
 * grader's), and the check classes, which call them, see the grader too. A warm check JVM needs
 * both fresh: the learner's classes change between runs, and a check linked against last run's
 * classes would test old code.
 *
 * <p>So learner code that asks for a check, an oracle, DJL or JUnit by name does not find it; and
 * a learner's file that copies the name of a grader class is never loaded in its place (the checks
 * resolve every grader class through the grader's loader).
 */
final class ExerciseClassLoader extends URLClassLoader {

    private final URLClassLoader learner;

    /**
     * @param exerciseClasses the run's compiled exercises
     * @param graderClasses   the grader's class directory, where the checks are
     * @param grader          the loader of the grader and its libraries
     */
    ExerciseClassLoader(Path exerciseClasses, Path graderClasses, ClassLoader grader) {
        super("deepdrill-checks", new URL[] {url(graderClasses)}, grader);
        this.learner = new URLClassLoader("deepdrill-exercises", new URL[] {url(exerciseClasses)},
                ClassLoader.getSystemClassLoader());
    }

    /** The loader of the learner's classes: what their code sees of the world. */
    ClassLoader learner() {
        return learner;
    }

    /** Check classes are loaded here, afresh for every run. */
    static boolean isCheckClass(String name) {
        return name.startsWith(Exercise.CHECKS_PACKAGE + ".week");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (LearnerCode.isExerciseClass(name)) {
            return learner.loadClass(name);
        }
        if (!isCheckClass(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = findClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    public void close() throws java.io.IOException {
        try {
            learner.close();
        } finally {
            super.close();
        }
    }

    private static URL url(Path dir) {
        try {
            return dir.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(dir.toString(), e);
        }
    }
}
