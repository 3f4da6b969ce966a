/**
 * Facts about the paid plan shown in several places. The server decides the real price at checkout; this is
 * the copy on the buttons.
 */
import { formatInrWhole } from '../../lib/format'

export const PAID_PLAN_PRICE_INR = 499
export const SUBSCRIBE_LABEL = `Subscribe for ${formatInrWhole(PAID_PLAN_PRICE_INR)}`
