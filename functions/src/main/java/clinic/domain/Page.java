package clinic.domain;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** One page of a list, and where the next one starts if there is one. */
public record Page<T>(List<T> items, Optional<String> next) {

    public Page {
        items = List.copyOf(items);
    }

    /** Pages an already ordered, fully read list by offset. */
    public static <T> Page<T> slice(List<T> all, int offset, int limit) {
        int from = Math.min(offset, all.size());
        int to = Math.min(from + limit, all.size());
        Optional<String> next = to < all.size() ? Optional.of(Integer.toString(to)) : Optional.empty();
        return new Page<>(all.subList(from, to), next);
    }

    /** This page with its next position turned into a cursor of {@code query} (see {@link PageRequest#positionIn}). */
    public Page<T> boundTo(String query) {
        return new Page<>(items, next.map(position -> PageRequest.bind(query, position)));
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), next);
    }
}
