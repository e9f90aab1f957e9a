// Puts every <time data-local> of the page in the reader's time zone (see time-label.js).
import { localise } from './time-label.js';

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => localise(document));
else localise(document);
