// Each jest test file runs in its own vm context: load the runtime polyfills there too.
import '../src/polyfills.js';
