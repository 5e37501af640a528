import { type Locale, t } from '../core/i18n.ts'

/**
 * A link to pass on (a certificate's check, a training's page): the phone's own share sheet
 * (Web Share: Zalo, Messenger, SMS…) where the browser has `navigator.share`, else a button that
 * copies the link. Both buttons start hidden and share.js shows the one that can work, so no
 * button does nothing; without script the link stays in its field, to select and copy by hand.
 * A page using it lists 'share.js' in its Layout's scripts.
 */
export function Share({ l, url, title, text }: { l: Locale; url: string; title: string; text?: string }) {
  return (
    <div
      class="share"
      data-share={url}
      data-share-title={title}
      data-share-text={text ?? ''}
      data-said-copied={t(l, 'share.copied')}
      data-said-failed={t(l, 'share.failed')}
    >
      <label>
        {t(l, 'share.link')}
        <input type="url" readonly value={url} data-share-field />
      </label>
      <div class="actions">
        <button type="button" data-share-native hidden>
          {t(l, 'share.share')}
        </button>
        <button type="button" class="secondary" data-share-copy hidden>
          {t(l, 'share.copy')}
        </button>
      </div>
      <p class="small" role="status" data-share-said />
    </div>
  )
}
