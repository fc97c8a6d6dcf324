// Starts GOV.UK Frontend's components. Loaded as a module, so only browsers that support
// GOV.UK Frontend's JavaScript run it; others get the plain HTML, which works on its own.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
