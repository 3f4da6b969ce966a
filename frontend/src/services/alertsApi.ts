/**
 * Alert preferences, Telegram linking and test alerts, named for the UI (see `authApi.ts` for why these wrappers
 * exist).
 */
import {
  getAlertsPreferences,
  postAlertsTelegramLink,
  postAlertsTest,
  putAlertsPreferences,
  type PreferencesBody,
  type PreferencesInput,
} from '../client'

export type AlertPreferences = PreferencesBody

export async function loadAlertPreferences(): Promise<AlertPreferences> {
  const { data } = await getAlertsPreferences()
  return data
}

/** Saves the preferences whole; the read-only fields (`linked`, `devices`) are left out. */
export async function saveAlertPreferences(prefs: AlertPreferences): Promise<AlertPreferences> {
  const body: PreferencesInput = {
    channels: {
      telegram: { enabled: prefs.channels.telegram.enabled },
      email: { enabled: prefs.channels.email.enabled },
      push: { enabled: prefs.channels.push.enabled },
    },
    symbols: prefs.symbols,
    events: prefs.events,
    ...(prefs.quiet_hours ? { quiet_hours: prefs.quiet_hours } : {}),
  }
  const { data } = await putAlertsPreferences({ body })
  return data
}

export async function createTelegramLink(): Promise<{ url: string; expires_at: string }> {
  const { data } = await postAlertsTelegramLink()
  return data
}

export async function sendTestAlert(): Promise<{ sent: string[]; failed: string[] }> {
  const { data } = await postAlertsTest()
  return data
}
