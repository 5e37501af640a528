import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml'
import type { z } from 'zod'

/**
 * YAML with line numbers. Content writers fix what the checker reports by line, so every problem
 * found in a YAML file (syntax or shape) is placed on the line of the node it concerns.
 */
export type YamlIssue = { line: number; message: string }

export type ParsedYaml = {
  value: unknown
  /** Syntax errors; when non-empty, `value` is not to be trusted. */
  errors: YamlIssue[]
  /** The 1-based line of the node at `path`, or of its nearest existing parent. */
  lineOf: (path: readonly PropertyKey[]) => number
}

/** Parses YAML; `firstLine` is the file line where the text starts (front matter starts at 2). */
export function parseYaml(text: string, firstLine = 1): ParsedYaml {
  const lc = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true })
  const at = (offset: number) => lc.linePos(offset).line + firstLine - 1
  const errors = doc.errors.map((e) => ({
    line: at(e.pos[0]),
    message: `invalid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
  }))
  const lineOf = (path: readonly PropertyKey[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true) as Node | undefined
      if (node && (node as Node).range) return at(node.range![0])
      // A missing key: point at the parent mapping's key line when there is one.
      if (n > 0 && n === path.length) {
        const parent = doc.getIn(path.slice(0, n - 1) as unknown[], true) as Node | undefined
        if (parent && (isMap(parent) || isSeq(parent)) && parent.range) return at(parent.range[0])
      }
    }
    return firstLine
  }
  return { value: errors.length ? undefined : doc.toJS(), errors, lineOf }
}

/** Turns zod issues into `path: problem` lines, each at the line of the node it names. */
export function zodIssues(err: z.ZodError, y: ParsedYaml): YamlIssue[] {
  return err.issues.map((i) => {
    const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))
    let message = i.message
    if (i.code === 'invalid_type' && /received undefined/.test(message)) message = 'required'
    else if (i.code === 'unrecognized_keys') {
      return { line: y.lineOf(path), message: `${[...path, i.keys.join(', ')].join('.')}: unknown field` }
    } else if (i.code === 'invalid_value') message = `must be one of ${i.values.join(', ')}`
    else if (i.code === 'invalid_union' && 'options' in i) {
      message = `must be one of ${(i as { options: unknown[] }).options.join(', ')}`
    }
    const field = path.length ? `${path.join('.')}: ` : ''
    return { line: y.lineOf(path), message: `${field}${message}` }
  })
}
