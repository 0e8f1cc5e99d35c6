package io.switchboard.intake;

/**
 * A SnapCall list that cannot be trusted to end or to be whole (it ignores {@code page}, echoes
 * another page, keeps reporting more past the page cap): the poll stores nothing of it, records
 * this as its error and backs off.
 */
public final class UntrustedListing extends RuntimeException {

    UntrustedListing(String message) {
        super(message, null, false, false);
    }
}
