// Starts the NHS design system's components (header menu, error summary focus, skip link,
// character counts). Every page works without it.
import { initAll } from "/assets/nhsuk-frontend.js";

initAll();
