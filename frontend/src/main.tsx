/**
 * Entry point: configure the API client, start restoring the session from the refresh cookie, and render the app
 * inside the auth provider (which shows a loading screen until the restore settles).
 */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { AuthProvider } from './components/Auth/AuthProvider'
import { configureApi } from './services/api'
import { restoreSession } from './services/sessionLifecycle'
import './styles/base.css'

configureApi()
// Here rather than in an effect: once per page load, never twice under StrictMode.
void restoreSession()

const root = document.getElementById('root')
if (root === null) throw new Error('index.html has no #root element')

createRoot(root).render(
  <StrictMode>
    <AuthProvider>
      <App />
    </AuthProvider>
  </StrictMode>,
)
