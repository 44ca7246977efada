package deepdrill.grader.runner;

import deepdrill.grader.LearnerCode;
import deepdrill.grader.catalog.Exercise;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Loads one run's exercise classes, and the check classes that call them, fresh, in a warm child
 * JVM: the learner's classes change between runs, and a check linked against last run's classes
 * would test old code. Everything else (the grader's support code, the data sets, ND4J, DJL, JUnit)
 * comes from the parent loader and stays warm.
 */
final class ExerciseClassLoader extends URLClassLoader {

    ExerciseClassLoader(Path exerciseClasses, Path graderClasses, ClassLoader parent) {
        // The grader's classes come first: a check is always the grader's own, even if a class file of
        // the same name lies among the learner's.
        super(new URL[] {url(graderClasses), url(exerciseClasses)}, parent);
    }

    /**
     * Exercise classes and check classes are loaded here first; the rest is shared, so a learner's
     * file that copies the name of a grader class (a Compare of their own) is never loaded.
     */
    static boolean loadedPerRun(String name) {
        return name.startsWith(Exercise.CHECKS_PACKAGE + ".week") || LearnerCode.isExerciseClass(name);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!loadedPerRun(name)) {
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

    private static URL url(Path dir) {
        try {
            return dir.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(dir.toString(), e);
        }
    }
}
