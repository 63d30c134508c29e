package org.procgate.loadtest;

/** Decides whether an answer is the one its request should get. */
@FunctionalInterface
public interface AnswerCheck {

    /** The reason the answer is wrong, or {@code null} when it is right. */
    String problem(Answer answer);

    /** A 200 whose body has exactly {@code bytes} bytes. */
    static AnswerCheck okWithLength(long bytes) {
        return answer -> answer.status() != 200 ? "status " + answer.status()
                : answer.bytes() != bytes ? "body of " + answer.bytes() + " bytes, not " + bytes : null;
    }

    /** A 200 whose body starts with {@code prefix}. */
    static AnswerCheck okStartingWith(String prefix) {
        return answer -> answer.status() != 200 ? "status " + answer.status()
                : !answer.head().startsWith(prefix) ? "body does not start with '" + prefix + "'" : null;
    }

    /** Any 200. */
    static AnswerCheck ok() {
        return answer -> answer.status() == 200 ? null : "status " + answer.status();
    }
}
