# Ayuda con las cuentas del marketplace de los clientes (docs/TRUST.md).
account-action-password_reset_link = enviar un enlace para restablecer la contraseña
account-action-unlock = desbloquear la cuenta
account-action-resend_verification = reenviar el correo de verificación
account-action-change_email = cambiar el correo de acceso
account-action-reset_second_factor = restablecer la verificación en dos pasos
account-action-close_account = cerrar la cuenta
account-action-status-requested = enviada al marketplace
account-action-status-done = hecha
account-action-status-failed = no hecha
account-action-done-subject = Tu cuenta: hecho
account-action-done-body =
    Hola, { $name }:

    Como pediste a nuestro equipo de soporte, el marketplace hizo esto en tu cuenta: { $what }.

    Si no lo pediste tú, responde a este correo enseguida. Nunca te pediremos tu contraseña.
account-action-failed-subject = Tu cuenta: todavía no está hecho
account-action-failed-body =
    Hola, { $name }:

    El marketplace no pudo hacer esto en tu cuenta: { $what }. Nuestro equipo de soporte te responderá.
account-action-sent = Enviado al marketplace; su respuesta aparecerá abajo.
account-action-needs-check = Esto necesita antes una verificación de identidad superada: iníciala abajo, con dos pasos respondidos bien (uno sobre los pedidos).
account-help-heading = Ayuda con una cuenta
account-help-lead = Lo hace el marketplace: nunca vemos ni fijamos una contraseña. Desbloquear, un correo nuevo, restablecer el segundo factor y cerrar esperan a una verificación de identidad superada.
account-help-email = Correo del cliente
account-help-action = Qué hacer
account-help-new-email = Correo nuevo (para cambiarlo)
account-help-send = Pedírselo al marketplace
account-actions-heading = Acciones en cuentas
identity-start-heading = Iniciar una verificación de identidad
identity-start-reason = Por qué (p. ej. quiere cambiar el correo)
identity-start = Iniciar la verificación
identity-passed-heading = Superadas en la última semana
identity-document = Documento de identidad
identity-document-requested = enlace enviado
identity-document-uploaded = pendiente de revisión
identity-document-deleted = revisado y borrado
identity-document-expired = enlace caducado
identity-document-view = Ver el documento
identity-document-matches = Coincide con el titular de la cuenta
identity-document-no-match = No coincide
identity-document-review = Registrar y borrar el archivo
identity-document-ask = Pedir un documento de identidad
identity-document-asked = Se envió al cliente un enlace para subir el documento (48 horas).
identity-document-mail-subject = Envíanos una foto de tu documento de identidad
identity-document-mail-body =
    Hola, { $name }:

    Para devolverte el acceso a tu cuenta, sube aquí una foto o un PDF de un documento de identidad (pasaporte, DNI o carné de conducir) en las próximas 48 horas:
    { $link }

    Un agente lo mira una vez y después se borra. Nunca te pediremos tu contraseña.
identity-upload-heading = Tu documento de identidad
identity-upload-lead = { $name }, sube una foto o un PDF de tu pasaporte, DNI o carné de conducir. Un agente lo mira una vez para confirmar que eres tú y después se borra.
identity-upload-file = El documento
identity-upload-rules = JPEG, PNG o PDF, 5 MB como máximo. Puedes tapar el número del documento.
identity-upload-send = Enviarlo
identity-upload-thanks = Gracias: recibimos tu documento. Un agente lo revisará y se pondrá en contacto contigo.
identity-upload-choose = Elige el archivo de tu documento.
identity-upload-wrong-type = Ese archivo no es una foto (JPEG o PNG) ni un PDF de un documento.
identity-upload-expired = Este enlace ya no funciona. Pide uno nuevo a nuestro equipo de soporte.
