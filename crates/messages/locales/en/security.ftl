# Staff accounts' security (docs/SECURITY.md): sign-in's second step,
# password reset, the Security page.
security-heading = Security
security-second-step = Enter your code
security-code-label = Code
security-code-hint = The six digits your authenticator app shows now, or one of your recovery codes.
security-code-wrong = That code is wrong or was used already. Try the next one.
security-step-expired = This sign-in expired or had too many wrong codes. Sign in again.
security-forgot-link = Forgot your password?
security-forgot-heading = Reset your password
security-forgot-lead = Enter the address of your staff account: we mail it a link to choose a new password. The link works once, for an hour.
security-send-link = Send the link
security-reset-sent = If that address belongs to a staff account, a reset link is on its way. It works once, for an hour.
security-reset-heading = Choose a new password
security-new-password = New password
security-new-password-again = The same again
security-password-rules = At least 10 characters.
security-set-password = Set the password
security-passwords-differ = The two passwords are not the same.
security-reset-unusable = This link is unknown, used or expired. Ask for a new one.
security-password-reset = Your password is changed and every session was signed out. Sign in with the new one.
security-factor-heading = Second factor
security-factor-must = Your role must sign in with a second factor: set it up to use the workspace.
security-factor-on = On
security-factor-off-state = Off
security-codes-left = { $count ->
    [one] { $count } recovery code left
   *[other] { $count } recovery codes left
}
security-new-codes = New recovery codes
security-turn-off = Turn off
security-factor-off = The second factor is off.
security-factor-required = Your role must use a second factor: it cannot be turned off.
security-set-up = Set up a second factor
security-setup-lead = Add this account to an authenticator app (such as Google Authenticator, Microsoft Authenticator or 1Password), then enter the code it shows.
security-secret = Secret:
security-uri = Or open this address in the app:
security-confirm = Turn on
security-codes-once = Your recovery codes. Keep them somewhere safe: each signs you in once if you lose your phone. They are shown only now.
security-sessions = Sessions
security-since = Signed in
security-from = From
security-this-session = This session
security-end = Sign out
security-end-others = Sign out every other session
security-session-ended = The session was signed out.
security-others-ended = Every other session was signed out.
security-roles-heading = Roles that must use a second factor
security-save = Save
security-roles-saved = Saved: those roles set up a second factor at their next page.
role-agent = Agents
role-supervisor = Supervisors
role-admin = Admins
