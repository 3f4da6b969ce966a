/**
 * Entry point: configure the API client, start restoring the session from the refresh cookie, follow logouts made
 * in other tabs and pages coming back from the back/forward cache, and render the app inside the auth provider
 * (which shows a loading screen until the restore settles).
 */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { AuthProvider } from './components/Auth/AuthProvider'
import { configureApi } from './services/api'
import { watchPageRestores } from './services/pageRestore'
import { followLogoutsElsewhere, restoreSession } from './services/sessionLifecycle'
import './styles/base.css'

configureApi()
// Here rather than in an effect: once per page load, never twice under StrictMode.
void restoreSession()
followLogoutsElsewhere()
watchPageRestores()

const root = document.getElementById('root')
if (root === null) throw new Error('index.html has no #root element')

createRoot(root).render(
  <StrictMode>
    <AuthProvider>
      <App />
    </AuthProvider>
  </StrictMode>,
)
