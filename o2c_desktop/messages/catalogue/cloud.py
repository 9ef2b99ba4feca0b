"""Pushing to S3 and Snowflake, the cloud secrets in the keyring, and team-mode reads."""

MESSAGES: dict[str, tuple[str, str]] = {
    # Snowflake sign-in
    "snowflake.key_unreadable": (
        "No se pudo leer la llave privada de Snowflake {path}. Revise "
        "cloud.snowflake.private_key_path.",
        "Could not read the Snowflake private key {path}. Check cloud.snowflake.private_key_path.",
    ),
    "snowflake.key_not_opened": (
        "La llave privada {path} no se pudo abrir: la frase de paso guardada no corresponde o "
        "falta. Guárdela con «o2c snowflake secret set passphrase».",
        "The private key {path} could not be opened: the stored passphrase is wrong or missing. "
        "Store it with 'o2c snowflake secret set passphrase'.",
    ),
    "snowflake.account_missing": (
        "Falta la cuenta o el usuario de Snowflake. Indíquelos en cloud.snowflake.account y "
        "cloud.snowflake.user (archivo de configuración settings.toml).",
        "The Snowflake account or user is missing. Set cloud.snowflake.account and "
        "cloud.snowflake.user (settings file settings.toml).",
    ),
    "snowflake.keypair_needs_path": (
        "El acceso a Snowflake por par de llaves necesita la ruta de la llave privada en "
        "cloud.snowflake.private_key_path.",
        "Key-pair sign-in to Snowflake needs the private key path in "
        "cloud.snowflake.private_key_path.",
    ),
    "snowflake.no_password": (
        "No hay contraseña de Snowflake guardada. Guárdela con «o2c snowflake secret set "
        "password» o use el acceso por par de llaves.",
        "No Snowflake password is stored. Store it with 'o2c snowflake secret set password' or "
        "use key-pair sign-in.",
    ),
    # What went wrong in Snowflake (a cause), then what that means for the push
    "snowflake.login_rejected": (
        "{site} rechazó el inicio de sesión de {user}. Revise la llave pública registrada para "
        "el usuario, la frase de paso o la contraseña",
        "{site} rejected the sign-in of {user}. Check the public key registered for the user, "
        "the passphrase or the password",
    ),
    "snowflake.warehouse_suspended": (
        "El almacén de cómputo de {site} está suspendido o no se puede reanudar ({warehouse}). "
        "Pida a su administrador que lo reanude o revise el monitor de recursos",
        "The compute warehouse of {site} is suspended or cannot resume ({warehouse}). Ask the "
        "administrator to resume it or check the resource monitor",
    ),
    "snowflake.no_warehouse_set": ("sin almacén", "none set"),
    "snowflake.no_connection": (
        "No hay conexión con {site}. Revise la red",
        "No connection to {site}. Check the network",
    ),
    "snowflake.refused": (
        "{site} rechazó la operación: {reason}",
        "{site} refused the operation: {reason}",
    ),
    "snowflake.push_stays_queued": (
        "{cause}; el envío queda en cola.",
        "{cause}; the push stays queued.",
    ),
    "snowflake.push_stays_queued_retried": (
        "{cause}; el envío queda en cola y se reintentará.",
        "{cause}; the push stays queued and will be retried.",
    ),
    "snowflake.refused_push_stays_queued": (
        "{cause}. El envío queda en cola.",
        "{cause}. The push stays queued.",
    ),
    "snowflake.rows_mismatch": (
        "Snowflake leyó {staged} filas de {table} y la instantánea tiene {expected}. No se "
        "aplicó nada; se reintentará.",
        "Snowflake read {staged} rows of {table} and the snapshot has {expected}. Nothing was "
        "applied; it will be retried.",
    ),
    # Cloud secrets in the keyring
    "cloud_secret.empty": (
        "El valor no puede estar vacío.",
        "The value cannot be empty.",
    ),
    "cloud_secret.aws_keys_missing": (
        "La configuración pide usar las llaves de AWS del llavero, pero no están guardadas. "
        "Guárdelas con «o2c s3 keys set» o quite cloud.s3.keys_in_keyring para usar el perfil, "
        "SSO o las variables de entorno de AWS.",
        "The settings ask for AWS keys from the keyring, but none are stored. Store them with "
        "'o2c s3 keys set' or unset cloud.s3.keys_in_keyring to use the AWS profile, SSO or "
        "environment.",
    ),
    "cloud_secret.keyring_silent": (
        "El llavero del sistema no respondió o está bloqueado. Desbloquéelo e intente de nuevo.",
        "The system keyring did not answer or is locked. Unlock it and try again.",
    ),
    # S3
    "s3.no_bucket_configured": (
        "No hay un bucket de S3 configurado. Indíquelo en cloud.s3.bucket (archivo de "
        "configuración settings.toml) o use «o2c push --snowflake» para enviar solo a "
        "Snowflake.",
        "No S3 bucket is configured. Set cloud.s3.bucket (settings file settings.toml) or use "
        "'o2c push --snowflake' to push to Snowflake only.",
    ),
    "s3.no_such_profile": (
        "No existe el perfil de AWS «{profile}». Revise cloud.s3.profile o su archivo "
        "~/.aws/config.",
        "There is no AWS profile '{profile}'. Check cloud.s3.profile or your ~/.aws/config file.",
    ),
    "s3.checksum_mismatch": (
        "El archivo enviado a {where} no coincide con el original (suma SHA-256 distinta). Se "
        "reintentará.",
        "The file sent to {where} does not match the original (SHA-256 mismatch). It will be "
        "retried.",
    ),
    "s3.no_credentials": (
        "No hay credenciales de AWS. Inicie sesión (aws sso login), configure un perfil en "
        "cloud.s3.profile o guarde llaves con «o2c s3 keys set».",
        "No AWS credentials. Sign in (aws sso login), set a profile in cloud.s3.profile or "
        "store keys with 'o2c s3 keys set'.",
    ),
    "s3.throttled": (
        "{where} pidió bajar el ritmo o no está disponible ({code}). El envío queda en cola y "
        "se reintentará más tarde.",
        "{where} asked to slow down or is unavailable ({code}). The push stays queued and will "
        "be retried later.",
    ),
    "s3.credentials_rejected": (
        "{where} rechazó las credenciales de AWS ({code}). Renueve la sesión (aws sso login) o "
        "revise las llaves y permisos; el envío queda en cola.",
        "{where} rejected the AWS credentials ({code}). Renew the session (aws sso login) or "
        "check the keys and permissions; the push stays queued.",
    ),
    "s3.no_such_bucket": (
        "El bucket {bucket} no existe. Revise cloud.s3.bucket y la región.",
        "The bucket {bucket} does not exist. Check cloud.s3.bucket and region.",
    ),
    "s3.refused": (
        "{where} rechazó el envío ({code}). El envío queda en cola.",
        "{where} refused the upload ({code}). The push stays queued.",
    ),
    "s3.no_connection": (
        "No hay conexión con {where}. Revise la red; el envío queda en cola y se reintentará.",
        "No connection to {where}. Check the network; the push stays queued and will be retried.",
    ),
    # The push
    "push.no_destination": (
        "No hay destino configurado para enviar: indique el bucket de S3 (cloud.s3.bucket) o la "
        "cuenta de Snowflake (cloud.snowflake.account) en el archivo de configuración "
        "settings.toml.",
        "No push destination is configured: set the S3 bucket (cloud.s3.bucket) or the "
        "Snowflake account (cloud.snowflake.account) in the settings file settings.toml.",
    ),
    "push.local_file_missing": (
        "Falta el archivo local {path}. Restaure la carpeta de datos; el envío queda en cola.",
        "The local file {path} is missing. Restore the data folder; the push stays queued.",
    ),
    # Team-mode reads
    "team.read_unavailable": (
        "No se pudo leer de {site} en modo equipo: {cause}. Revise cloud.snowflake en el "
        "archivo de configuración settings.toml, o lea del almacén local con --local.",
        "Could not read from {site} in team mode: {cause}. Check cloud.snowflake in the "
        "settings file settings.toml, or read the local warehouse with --local.",
    ),
    "team.query_failed": (
        "{site} no pudo responder la consulta de modo equipo ({reason}). ¿Ya se enviaron los "
        "datos con «o2c push» y se crearon las vistas con «o2c snowflake ddl --apply»? Puede "
        "leer del almacén local con --local.",
        "{site} could not answer the team-mode query ({reason}). Were the data pushed with 'o2c "
        "push' and the views created with 'o2c snowflake ddl --apply'? Read the local warehouse "
        "with --local.",
    ),
}
