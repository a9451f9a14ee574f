import type { Locale } from '../../src/i18n/index.ts';
import { t } from '../../src/i18n/index.ts';

export interface ChatPageProps {
  studioName: string;
  locale: Locale;
  /** A referral code from ?ref=, sent with the first /start. */
  referral: string | undefined;
  assetVersion: string;
}

/** The customer's chat page: a phone-sized conversation with buttons, a text box and a photo button. */
export function ChatPage(props: ChatPageProps) {
  const tr = (key: Parameters<typeof t>[1]) => t(props.locale, key);
  return (
    <html lang={props.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#b45309" />
        <title>{`${props.studioName} · Chat`}</title>
        <link rel="stylesheet" href={`/chat/static/chat.css?v=${props.assetVersion}`} />
      </head>
      <body>
        <div class="app">
          <header class="top">
            <div class="avatar" aria-hidden="true">
              <CameraIcon />
            </div>
            <div>
              <h1>{props.studioName}</h1>
              <p class="status">{tr('chat.web.subtitle')}</p>
            </div>
          </header>
          <main
            id="log"
            class="log"
            aria-live="polite"
            data-referral={props.referral ?? ''}
            data-cancel={tr('chat.btn.cancel')}
            data-offline={tr('chat.web.offline')}
          >
            <noscript>{tr('chat.web.noscript')}</noscript>
          </main>
          <div id="typing" class="typing" hidden>
            <span />
            <span />
            <span />
          </div>
          <p id="error" class="error" role="alert" hidden />
          <form id="composer" class="composer" autocomplete="off">
            <label class="attach" title={tr('chat.web.attach')}>
              <input id="photo" type="file" accept="image/jpeg,image/png,image/webp" />
              <ClipIcon />
              <span class="sr">{tr('chat.web.attach')}</span>
            </label>
            <input id="text" name="text" type="text" maxlength={2000} placeholder={tr('chat.web.placeholder')} />
            <button id="send" type="submit" aria-label={tr('chat.web.send')}>
              <SendIcon />
            </button>
          </form>
        </div>
        <script src={`/chat/static/chat.js?v=${props.assetVersion}`} defer />
      </body>
    </html>
  );
}

// Icons drawn inline: the page chrome must not depend on the device having an emoji font.
const icon = { width: 22, height: 22, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', 'stroke-width': 2 };

function CameraIcon() {
  return (
    <svg {...icon} aria-hidden="true">
      <path d="M4 8h3l2-3h6l2 3h3v11H4z" stroke-linejoin="round" />
      <circle cx="12" cy="13" r="3.5" />
    </svg>
  );
}

function ClipIcon() {
  return (
    <svg {...icon} aria-hidden="true">
      <path d="M20 11.5l-8 8a5 5 0 0 1-7-7l8.5-8.5a3.5 3.5 0 0 1 5 5L10 17.5a2 2 0 0 1-3-3l7.5-7.5" stroke-linecap="round" />
    </svg>
  );
}

function SendIcon() {
  return (
    <svg {...icon} aria-hidden="true">
      <path d="M4 12l16-8-6 16-3-6z" stroke-linejoin="round" />
    </svg>
  );
}
