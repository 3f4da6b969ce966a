/**
 * One symbol's recent signals with outcomes and its track record. Never counts against the quota; a free user
 * gets the history up to the previous session, a paid user today's too (the server decides).
 */
import { getHistory, type SymbolName } from '../services/signalsApi'
import { useRequest } from './useRequest'

/** Enough for a whole session: 75 five-minute candles from 09:15 to 15:30. */
export const HISTORY_LIMIT = 100

export function useHistory(symbol: SymbolName) {
  return useRequest(() => getHistory(symbol, HISTORY_LIMIT))
}
