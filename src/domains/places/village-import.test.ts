import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type CliEnv, cliEnv, runCli } from '../../../test/cli.ts'
import { issueText } from '../../core/errors.ts'
import { t } from '../../core/i18n.ts'
import { registerDomains } from '../index.ts'
import { parseVillageCsv, VILLAGE_COLUMNS } from './village-csv.ts'

registerDomains()

const HEADER = VILLAGE_COLUMNS.join(',')
const COMMUNES = new Set(['3166', '3127'])
const LONG = 240_000

describe('parseVillageCsv', () => {
  it('reads quoted fields, a BOM, CRLF line ends, yes/no flags and empty numbers', () => {
    const text = `\ufeff${HEADER}\r\n3166-101,"Bản Huổi Mí, ""trên""",3166,có,yes,0,,\r\n3127-7,Tổ dân phố 7,3127,true,1,1,1200,300\r\n`
    const { villages, issues } = parseVillageCsv(text, COMMUNES)
    expect(issues).toEqual([])
    expect(villages).toEqual([
      {
        code: '3166-101',
        name: 'Bản Huổi Mí, "trên"',
        communeCode: '3166',
        has4g: true,
        hasTelecom: true,
        onGrid: false,
        population: null,
        households: null,
      },
      {
        code: '3127-7',
        name: 'Tổ dân phố 7',
        communeCode: '3127',
        has4g: true,
        hasTelecom: true,
        onGrid: true,
        population: 1200,
        households: 300,
      },
    ])
  })

  it('reports every problem by line and field', () => {
    const text = [
      HEADER,
      '3166-1,Bản Một,3166,1,1,1,100,20',
      '3166-1,Bản\u202eeno,9999,2,0,1,-5,abc',
      'x y,B,3166,1,0,1,,',
      '3166-9,Bản Chín,3166,1,1',
    ].join('\n')
    const { issues } = parseVillageCsv(text, COMMUNES)
    expect(issues.map(({ line, field, message }) => ({ line, field, message }))).toEqual([
      { line: 3, field: 'code', message: '3166-1 already appears on line 2' },
      {
        line: 3,
        field: 'name',
        message: 'must not contain right-to-left override characters, which change how text is shown',
      },
      { line: 3, field: 'commune_code', message: '"9999" is not a commune or ward of the province' },
      { line: 3, field: 'has_4g', message: 'must be 1/0, true/false or yes/no' },
      { line: 3, field: 'population', message: 'must be a whole number from 0 to 9999999, or empty' },
      { line: 3, field: 'households', message: 'must be a whole number from 0 to 9999999, or empty' },
      { line: 4, field: 'code', message: 'must be 1 to 20 letters, digits, - or _' },
      { line: 4, field: 'name', message: 'must be at least 2 characters' },
      { line: 4, field: 'has_4g', message: 'cannot be 1 when has_telecom is 0' },
      { line: 5, field: 'row', message: 'has 5 cells; the header has 8' },
    ])
    // Each one from the catalogues, in the operator's language.
    expect(issues.map((i) => `${i.line}: ${i.field}: ${issueText('vi', i)}`)).toEqual([
      '3: code: mã 3166-1 đã có ở dòng 2',
      `3: name: ${t('vi', 'text.bidi')}`,
      '3: commune_code: “9999” không phải mã xã, phường của tỉnh',
      '3: has_4g: phải là 1/0, true/false hoặc yes/no',
      '3: population: phải là số nguyên từ 0 đến 9999999, hoặc để trống',
      '3: households: phải là số nguyên từ 0 đến 9999999, hoặc để trống',
      '4: code: mã phải gồm 1 đến 20 chữ cái, chữ số, dấu - hoặc _',
      `4: name: ${t('vi', 'text.too_short', { n: 2 })}`,
      '4: has_4g: không thể là 1 khi has_telecom là 0',
      '5: row: dòng có 5 ô; dòng tiêu đề có 8 ô',
    ])
    expect(issueText('fr', issues[0]!)).toBe('3166-1 figure déjà à la ligne 2')
    expect(issueText('en', issues[9]!)).toBe('has 5 cells; the header has 8')
  })

  it('refuses a file without the expected header, with unknown columns, or without rows', () => {
    const said = (text: string, l: 'vi' | 'fr' | 'en' = 'en') =>
      parseVillageCsv(text, COMMUNES).issues.map((i) => `${i.line}: ${i.field}: ${issueText(l, i)}`)
    expect(said('')).toEqual(['1: file: is empty'])
    expect(said('', 'vi')).toEqual(['1: file: tệp trống'])
    expect(said('code,name,commune,has_4g\n1,a,3166,1')).toEqual([
      '1: header: missing column(s): commune_code, has_telecom, on_grid, population, households',
      '1: header: unknown column(s): "commune"',
    ])
    expect(said('code,name,commune,has_4g\n1,a,3166,1', 'fr')).toEqual([
      '1: header: colonne(s) manquante(s) : commune_code, has_telecom, on_grid, population, households',
      '1: header: colonne(s) inconnue(s) : "commune"',
    ])
    expect(said(`${HEADER}\n`)).toEqual(['2: file: has no rows after the header'])
    expect(said(`${HEADER}\n`, 'vi')).toEqual(['2: file: tệp không có dòng nào sau dòng tiêu đề'])
    // Every problem of the file carries its catalogue key: none is said in English only.
    for (const text of ['', 'code,name\n1,a', `${HEADER}\n`, `${HEADER}\n3166-1,B,1,maybe,1,1,x,y`])
      for (const i of parseVillageCsv(text, COMMUNES).issues) expect(i.key, i.message).toBeTruthy()
  })
})

describe('hocso import villages (the real command line)', () => {
  let e: CliEnv
  afterAll(() => e?.close(), LONG)

  async function villages() {
    const db = await e.open()
    try {
      return await db.ctx.db
        .selectFrom('places')
        .select([
          'code',
          'name',
          'commune_code',
          'has_4g',
          'has_telecom',
          'on_grid',
          'population',
          'households',
          'demo',
        ])
        .where('kind', '=', 'village')
        .orderBy('code')
        .execute()
    } finally {
      await db.close()
    }
  }

  it('imports a good file, then updates the same villages by code', { timeout: LONG }, async () => {
    e = cliEnv()
    const good = join(e.dataDir, 'good.csv')
    writeFileSync(
      good,
      [
        HEADER,
        '3166-201,Bản Huổi Lèng,3166,1,1,1,640,128',
        '3166-202,Bản Nậm Piền,3166,0,0,0,310,62',
        '3127-201,Tổ dân phố 1,3127,1,1,1,,',
      ].join('\n'),
    )
    const r = await runCli(['import', 'villages', good], e.env)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Imported: 3 added, 0 updated.')
    expect(await villages()).toEqual([
      {
        code: '3127-201',
        name: 'Tổ dân phố 1',
        commune_code: '3127',
        has_4g: 1,
        has_telecom: 1,
        on_grid: 1,
        population: null,
        households: null,
        demo: 0,
      },
      {
        code: '3166-201',
        name: 'Bản Huổi Lèng',
        commune_code: '3166',
        has_4g: 1,
        has_telecom: 1,
        on_grid: 1,
        population: 640,
        households: 128,
        demo: 0,
      },
      {
        code: '3166-202',
        name: 'Bản Nậm Piền',
        commune_code: '3166',
        has_4g: 0,
        has_telecom: 0,
        on_grid: 0,
        population: 310,
        households: 62,
        demo: 0,
      },
    ])
    writeFileSync(good, [HEADER, '3166-202,Bản Nậm Piền,3166,0,1,1,320,64'].join('\n'))
    const again = await runCli(['import', 'villages', good], e.env)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('Imported: 0 added, 1 updated.')
    expect((await villages()).find((v) => v.code === '3166-202')).toMatchObject({
      has_telecom: 1,
      on_grid: 1,
      population: 320,
    })
  })

  it('writes nothing when one row is bad, and names the file, line and field', {
    timeout: LONG,
  }, async () => {
    const before = await villages()
    const bad = join(e.dataDir, 'bad.csv')
    writeFileSync(
      bad,
      [
        HEADER,
        '3166-301,Bản Một,3166,1,1,1,100,20',
        '3166-302,Bản Hai,3166,1,1,1,200,40',
        '3166-303,Bản Ba,3166,1,1,perhaps,300,60',
        '3166-304,Bản Bốn,3166,1,1,1,400,80',
      ].join('\n'),
    )
    const r = await runCli(['import', 'villages', bad], e.env)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${bad}:4: on_grid: must be 1/0, true/false or yes/no`)
    expect(r.stderr).toContain('1 problem; nothing was imported.')
    // In the operator's language, line and field kept.
    const fr = await runCli(['import', 'villages', bad], { ...e.env, LANG: 'fr_FR.UTF-8' })
    expect(fr.code).toBe(1)
    expect(fr.stderr).toContain(`${bad}:4: on_grid: doit valoir 1/0, true/false ou yes/no`)
    expect(fr.stderr).toContain('1 problème ; rien n’a été importé.')
    expect(r.stdout).toBe('')
    expect(await villages()).toEqual(before)
  })

  it('refuses to move a village to another commune without --move-villages, in the operator’s language (issue 14)', {
    timeout: LONG,
  }, async () => {
    const before = await villages()
    const move = join(e.dataDir, 'move.csv')
    // 3166-201 was imported into Mường Chà (3166) above; this file puts it in 3127.
    writeFileSync(
      move,
      [HEADER, '3166-203,Bản Mới,3166,1,1,1,,', '3166-201,Bản Huổi Lèng,3127,1,1,1,640,128'].join('\n'),
    )
    const r = await runCli(['import', 'villages', move], { ...e.env, LANG: 'vi_VN.UTF-8' })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(
      `${move}:3: commune_code: thôn, bản 3166-201 thuộc xã 3166; tệp đưa nó sang xã 3127.`,
    )
    expect(r.stderr).toContain('Có 1 lỗi; chưa nhập dòng nào.')
    expect(await villages()).toEqual(before)
    const en = await runCli(['import', 'villages', move], { ...e.env, LANG: 'C.UTF-8' })
    expect(en.stderr).toContain(
      `${move}:3: commune_code: village 3166-201 belongs to commune 3166; the file puts it in commune 3127.`,
    )
    // Chosen explicitly: moved, and each move listed as file:line.
    const ok = await runCli(['import', 'villages', '--move-villages', move], { ...e.env, LANG: 'C.UTF-8' })
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain(`${move}:3: 3166-201 Bản Huổi Lèng: commune 3166 → commune 3127`)
    expect(ok.stdout).toContain('Imported: 1 added, 1 updated.')
    expect((await villages()).find((v) => v.code === '3166-201')).toMatchObject({ commune_code: '3127' })
  })

  it('explains its usage and a missing file', { timeout: LONG }, async () => {
    const usage = await runCli(['import', 'houses', 'x.csv'], e.env)
    expect(usage.code).toBe(64)
    expect(usage.stderr).toBe('usage: hocso import villages [--move-villages] <file.csv>\n')
    const missing = await runCli(['import', 'villages', join(e.dataDir, 'nope.csv')], e.env)
    expect(missing.code).toBe(66)
    expect(missing.stderr).toContain('nope.csv: no such file')
  })
})
