package com.whiskeysocket.crm.sync;

/**
 * The provider refused an update because the copy changed since its etag or changeKey was
 * read: the writer reads it again and merges, it never overwrites.
 */
public class StaleCopyException extends RuntimeException {

	public StaleCopyException(Throwable cause) {
		super("the copy changed in the address book", cause);
	}

}
