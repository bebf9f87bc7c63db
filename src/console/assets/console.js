// Starts the NHS design system's components that the console uses (header menu, skip link,
// error summary focus, buttons, checkboxes, radios, password input, notification banners).
// The file upload is left as the browser's own control: its enhancement names its button
// differently from its label. Every page works without this script.
import {
  initButtons,
  initCheckboxes,
  initErrorSummary,
  initHeader,
  initNotificationBanners,
  initPasswordInputs,
  initRadios,
  initSkipLinks,
} from "/assets/nhsuk-frontend.js";

for (const start of [initHeader, initSkipLinks, initErrorSummary, initButtons, initCheckboxes, initRadios, initPasswordInputs, initNotificationBanners]) start();
