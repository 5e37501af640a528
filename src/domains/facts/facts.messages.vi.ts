import type { Catalogue } from '../../core/i18n.ts'

/**
 * Messages of the facts endpoint (refusals the outbox shows beside a fact it could not send).
 * Vietnamese is the source: French and English follow these keys.
 */
export const factsVi = {
  'facts.corrects.forbidden':
    'Bạn không được sửa bản ghi này: chỉ sửa được bản ghi cùng loại, ở nơi bạn được phép ghi loại đó.',
} satisfies Catalogue
