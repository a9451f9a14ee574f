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
              📷
            </div>
            <div>
              <h1>{props.studioName}</h1>
              <p class="status">{tr('chat.web.subtitle')}</p>
            </div>
          </header>
          <main id="log" class="log" aria-live="polite" data-referral={props.referral ?? ''}>
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
              <span aria-hidden="true">📎</span>
              <span class="sr">{tr('chat.web.attach')}</span>
            </label>
            <input id="text" name="text" type="text" maxlength={2000} placeholder={tr('chat.web.placeholder')} />
            <button id="send" type="submit" aria-label={tr('chat.web.send')}>
              ➤
            </button>
          </form>
        </div>
        <script src={`/chat/static/chat.js?v=${props.assetVersion}`} defer />
      </body>
    </html>
  );
}
