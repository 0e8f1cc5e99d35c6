package io.switchboard.state;

import java.util.AbstractList;
import java.util.List;
import java.util.function.Supplier;

/** A list built the first time it is read: most events meet no condition that looks at {@code calls}. */
final class LazyList extends AbstractList<Object> {

    private final Supplier<List<Object>> build;
    private volatile List<Object> built;

    LazyList(Supplier<List<Object>> build) {
        this.build = build;
    }

    private List<Object> list() {
        List<Object> list = built;
        if (list == null) {
            list = build.get();
            built = list;
        }
        return list;
    }

    @Override
    public Object get(int index) {
        return list().get(index);
    }

    @Override
    public int size() {
        return list().size();
    }
}
