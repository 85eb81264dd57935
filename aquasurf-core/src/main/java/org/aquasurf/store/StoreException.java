package org.aquasurf.store;

/** A store file cannot be opened or used; the message names the file. */
public class StoreException extends RuntimeException {
    public StoreException(String message) { super(message); }

    public StoreException(String message, Throwable cause) { super(message, cause); }
}
