package deepdrill.grader.catalog;

/** A catalog that cannot be read or is inconsistent, or a target that names no exercise. */
public final class CatalogException extends RuntimeException {
    public CatalogException(String message) {
        super(message);
    }
}
