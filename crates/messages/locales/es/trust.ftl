# Denuncias de anuncios, usuarios y mensajes (docs/TRUST.md).
report-subject-listing = anuncio
report-subject-user = usuario
report-subject-message = mensaje
report-outcome-takedown = Lo hemos retirado.
report-outcome-warning = Hemos advertido a la persona responsable; por ahora sigue publicado.
report-outcome-dismiss = Lo revisamos y no encontramos nada contra nuestras normas.
report-mail-subject = Tu denuncia de un { $what }: { $reference }
report-mail-body =
    Gracias por tu denuncia del { $what } «{ $reference }».

    { $outcome }

    Denuncias como la tuya mantienen seguro el marketplace.
report-heading = Denunciar un problema
report-lead = Cuéntanos sobre un anuncio, un usuario o un mensaje que incumple las normas: falsificaciones, artículos prohibidos, fotos robadas, peticiones de pago fuera del marketplace, enlaces de phishing. Revisamos cada denuncia y te contamos el resultado.
report-what = ¿Qué denuncias?
report-reference = Cuál (la dirección del anuncio, el nombre del usuario, la referencia del mensaje)
report-reason = Por qué
report-details = Qué está mal
report-message-text = El mensaje tal como lo recibiste (si es un mensaje)
report-email = Tu correo, para el resultado
report-send = Enviar la denuncia
report-sent = Gracias: tu denuncia llegó a los moderadores. Te enviaremos el resultado por correo.
report-already = Ya lo habías denunciado: tu denuncia cuenta una vez.
report-bad-reason = Elige un motivo que encaje con lo que denuncias.
report-reason-counterfeit = Falsificación
report-reason-prohibited = Artículo prohibido
report-reason-misleading = Descripción o fotos engañosas
report-reason-stolen_photos = Fotos robadas
report-reason-off_platform_payment = Pide pagar fuera del marketplace
report-reason-phishing = Enlace de phishing
report-reason-harassment = Acoso
report-reason-spam = Spam
report-reason-other = Otra cosa
moderation-heading = Moderación
moderation-lead = Denuncias de anuncios, usuarios y mensajes: primero las más graves, luego las más denunciadas.
moderation-none = Nada espera una decisión.
moderation-severity = Gravedad
moderation-reports = Denuncias
moderation-decide = Decidir
moderation-decision-takedown = Retirar
moderation-decision-warning = Advertir
moderation-decision-dismiss = Desestimar
moderation-note = Nota (para el registro)
moderation-decided = Decidido; se avisó a la plataforma y a quienes denunciaron.
moderation-recent = Decisiones recientes
