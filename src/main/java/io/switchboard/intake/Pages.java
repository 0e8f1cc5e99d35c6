package io.switchboard.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import io.switchboard.snapcall.model.SnapCallPage;

/** The one way the pollers read a SnapCall list: every page, from 1, until the envelope says there is no more. */
final class Pages {

    private Pages() {
    }

    static <T> List<T> all(IntFunction<SnapCallPage<T>> page) {
        List<T> items = new ArrayList<>();
        SnapCallPage<T> answer;
        int number = 1;
        do {
            answer = page.apply(number++);
            items.addAll(answer.data());
        } while (answer.hasMore() && !answer.data().isEmpty());
        return items;
    }
}
