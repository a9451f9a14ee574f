// The project never downloads a browser: whatsapp-web.js launches Debian's Chromium (CHROMIUM_PATH).
module.exports = { skipDownload: true };
