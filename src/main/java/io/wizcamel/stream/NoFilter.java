package io.wizcamel.stream;

/** The server-side filter of a stream that has none: its query gets no $filterBy. */
public class NoFilter {

    public Object filterBy() {
        return null;
    }
}
