package dev.leakaudit.agent.ledger;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * Keys of the ledger's weak identity map. The stored key holds its object weakly; a lookup key
 * holds it strongly for the length of one lookup. Both compare by identity.
 */
public final class IdentityKey {

    private IdentityKey() {
    }

    public static final class Weak extends WeakReference<Object> {
        private final int hash;

        public Weak(Object target, ReferenceQueue<Object> queue) {
            super(target, queue);
            this.hash = System.identityHashCode(target);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            Object mine = get();
            if (mine == null) {
                return false;
            }
            if (other instanceof Weak) {
                return mine == ((Weak) other).get();
            }
            if (other instanceof Lookup) {
                return mine == ((Lookup) other).target;
            }
            return false;
        }
    }

    public static final class Lookup {
        final Object target;

        public Lookup(Object target) {
            this.target = target;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(target);
        }

        @Override
        public boolean equals(Object other) {
            if (other instanceof Weak) {
                return ((Weak) other).get() == target;
            }
            return other instanceof Lookup && ((Lookup) other).target == target;
        }
    }
}
