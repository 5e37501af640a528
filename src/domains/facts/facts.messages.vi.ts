import type { Catalogue } from '../../core/i18n.ts'

/**
 * Messages of the facts endpoint (refusals the outbox shows beside a fact it could not send).
 * Vietnamese is the source: French and English follow these keys.
 */
export const factsVi = {
  'facts.corrects.forbidden':
    'Bạn không được sửa bản ghi này: chỉ sửa được bản ghi cùng loại, ở nơi bạn được phép ghi loại đó.',
  'facts.fork.title': 'Bản ghi này được sửa hai lần, ở hai nơi',
  'facts.fork.lead':
    'Khi hai máy chủ chưa thấy nhau, bản ghi này đã được sửa ở cả hai nơi. Bản sửa sau được tính ở mọi nơi; bản kia được giữ ở đây để đối chiếu. Hãy giữ bản đúng: lựa chọn của bạn là một bản sửa mới, đến mọi máy chủ ở lần đồng bộ sau.',
  'facts.fork.counted': 'đang được tính',
  'facts.fork.apart': 'để riêng',
  'facts.fork.keep': 'Giữ bản này',
} satisfies Catalogue
