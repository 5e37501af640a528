import { describe, expect, it } from 'vitest'
import { COMMAND_SUMMARIES } from '../src/cli/manifest.ts'
import { commands } from '../src/main.ts'

describe('the command manifest `hocso --help` prints without loading the application', () => {
  it('lists every command once, in order, with the summary the command itself gives', async () => {
    const real = (await commands()).map((c) => [c.name, c.summary])
    expect(COMMAND_SUMMARIES.map(([n, s]) => [n, s])).toEqual(real)
  })
})
