import { describe, expect, it } from 'vitest'
import { createSseParser, type SseEvent } from './sseParser'

function parse(...chunks: string[]): SseEvent[] {
  const events: SseEvent[] = []
  const push = createSseParser((event) => events.push(event))
  chunks.forEach(push)
  return events
}

describe('the event-stream parser', () => {
  it('reads a named event with its data once the blank line arrives', () => {
    expect(parse('event: signal\ndata: {"a":1}\n\n')).toEqual([{ event: 'signal', data: '{"a":1}' }])
    expect(parse('event: signal\ndata: {"a":1}\n')).toEqual([])
  })

  it('skips keep-alive comments and names unnamed events "message"', () => {
    expect(parse(': keep-alive\n\n', 'data: x\n\n')).toEqual([{ event: 'message', data: 'x' }])
  })

  it('joins data lines with a newline and drops only one leading space', () => {
    expect(parse('data:  two\ndata:three\n\n')).toEqual([{ event: 'message', data: ' two\nthree' }])
  })

  it('puts together events split anywhere across chunks, including between CR and LF', () => {
    const events = parse('eve', 'nt: sig', 'nal\r', '\ndata: {"p":1', '}\r', '\n\r\n', 'event: signal\rdata: 2\r\r')
    expect(events).toEqual([
      { event: 'signal', data: '{"p":1}' },
      { event: 'signal', data: '2' },
    ])
  })

  it('drops an event without data and resets the name for the next one', () => {
    expect(parse('event: signal\n\ndata: y\n\n')).toEqual([{ event: 'message', data: 'y' }])
  })

  it('hands over the id with its event and ignores retry', () => {
    expect(parse('id: 7\nretry: 1000\nevent: signal\ndata: z\n\n')).toEqual([{ event: 'signal', data: 'z', id: '7' }])
  })

  it('does not carry an id over to the next event', () => {
    expect(parse('id: 7\ndata: a\n\ndata: b\n\n')).toEqual([
      { event: 'message', data: 'a', id: '7' },
      { event: 'message', data: 'b' },
    ])
  })
})
