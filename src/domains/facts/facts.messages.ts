import type { Messages } from '../../core/i18n.ts'

/** Messages of the facts endpoint (refusals the outbox shows beside a fact it could not send). */
export const factsMessages: Messages = {
  vi: {
    'facts.corrects.forbidden':
      'Bạn không được sửa bản ghi này: chỉ sửa được bản ghi cùng loại, ở nơi bạn được phép ghi loại đó.',
  },
  fr: {
    'facts.corrects.forbidden':
      'Vous ne pouvez pas corriger cet enregistrement : seulement un enregistrement du même type, là où vous pouvez en saisir.',
  },
  en: {
    'facts.corrects.forbidden':
      'You may not correct this record: only a record of the same kind, where you may record that kind.',
  },
}
