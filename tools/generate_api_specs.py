#!/usr/bin/env python3
"""Writes Imagehub's Swagger 2.0 specs, src/main/resources/api/{user,account,global}.v1beta0.yml.

scalr-ctl builds its commands from these files at run time (see docs API-COMPAT.md). Object shapes,
parameter names and texts follow Scalr's own specs (reference/scalr-apiv2); only the routes Imagehub
implements are declared. Edit this script, run it (python3 tools/generate_api_specs.py, needs PyYAML),
and commit both; ApiSpecsTest checks the result against the app's routes.
Keep '@' and '${' out of the texts: Maven filters src/main/resources.
"""
import copy
import os

import yaml

OUT = os.path.join(os.path.dirname(__file__), '..', 'src', 'main', 'resources', 'api')

SCOPES = {
    'user': {'param': 'envId', 'word': 'Environment', 'scope': 'environment',
             'descr': 'The ID of the Environment scoping this request.'},
    'account': {'param': 'accountId', 'word': 'Account', 'scope': 'account',
                'descr': 'The ID of the Account scoping this request.'},
    'global': {'param': None, 'word': 'Scalr (Global) scope', 'scope': 'scalr', 'descr': None},
}

RO = {'readOnly': True}
SCOPE_ENUM = {'enum': ['scalr', 'account', 'environment'], 'type': 'string'}
UUID = {'maxLength': 36, 'minLength': 36, 'pattern': '[A-Fa-f0-9]{8}-([A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}',
        'type': 'string'}


def ref(name):
    return {'$ref': '#/definitions/' + name}


def ro(schema):
    return dict(schema, readOnly=True)


DEFINITIONS = {
    'ApiMessage': {'properties': {
        'code': {'description': 'A machine-readable representation of the message.', 'type': 'string'},
        'message': {'description': 'A human-readable representation of the message.', 'type': 'string'}}},
    'ApiMetaContainer': {'properties': {
        'requestId': {'description': 'The ID of this request, as logged by the server.', 'type': 'string'},
        'stringToSign': {'description': 'With X-Scalr-Debug: 1, the string the server signed.', 'type': 'string'}}},
    'ApiPagination': {'properties': {
        'first': ro({'type': 'string'}), 'last': ro({'type': 'string'}),
        'next': ro({'type': 'string'}), 'prev': ro({'type': 'string'})}},
    'ApiErrorResponse': {'description': 'Common reponse for erroneous requests.', 'properties': {
        'errors': ro({'items': ref('ApiMessage'), 'type': 'array'}),
        'meta': ro(ref('ApiMetaContainer')),
        'warnings': ro({'items': ref('ApiMessage'), 'type': 'array'})}},
    'OsForeignKey': {'properties': {
        'id': {'description': 'An ID uniquely identifying this OS in Scalr.', 'type': 'string'}},
        'required': ['id'], 'x-references': ref('Os')},
    'Os': {'description': 'An Operating System of the catalog; read-only.', 'properties': {
        'id': ro({'description': 'An ID uniquely identifying this OS in Scalr.', 'pattern': '[A-Za-z0-9-]+',
                  'type': 'string'}),
        'name': ro({'description': 'A human-readable name for this OS.', 'type': 'string'}),
        'family': ro({'description': 'OS family.', 'type': 'string'}),
        'generation': ro({'type': 'string'}),
        'version': ro({'type': 'string'})},
        'x-filterable': ['family']},
    'ImageForeignKey': {'properties': {'id': {'type': 'string'}}, 'required': ['id'],
                        'x-references': ref('Image')},
    'RoleForeignKey': {'properties': {'id': {'type': 'integer'}}, 'required': ['id'],
                       'x-references': ref('Role')},
    'ImageDeprecation': {'description': 'Why and since when an Image is deprecated (Imagehub).', 'properties': {
        'reason': ro({'type': 'string'}),
        'since': ro({'format': 'date-time', 'type': 'string'}),
        'due': ro({'description': 'When a scheduled deprecation takes effect.', 'format': 'date-time',
                   'type': 'string'}),
        'replacementImageId': ro({'type': 'string'})}},
    'Image': {'properties': {
        'id': ro(UUID),
        'name': {'type': 'string'},
        'description': {'description': 'A free text description of this Image (Imagehub).', 'type': 'string'},
        'cloudPlatform': {'description': 'The Cloud Platform this resource resides in.', 'type': 'string'},
        'cloudLocation': {'description': 'Cloud Location, inside a given Cloud Platform, for this resource. May '
                          'be null if this resource does not have a specific location.', 'type': 'string'},
        'cloudImageId': {'type': 'string'},
        'architecture': {'enum': ['i386', 'x86_64', 'arm64'], 'type': 'string'},
        'os': ref('OsForeignKey'),
        'scalrAgentInstalled': {'description': 'Whether Scalarizr is installed on this Image.', 'type': 'boolean'},
        'cloudInitInstalled': {'description': 'Whether cloud-init is installed on this Image.', 'type': 'boolean'},
        'size': {'description': 'Size of the image in GB.', 'type': 'integer'},
        'type': {'description': '(Only used on EC2 currently) Whether this Image is HVM or EBS.', 'type': 'string'},
        'deprecated': {'description': 'Whether this Image is deprecated. PATCH true to deprecate it, false to '
                       'undeprecate it.', 'type': 'boolean'},
        'deprecation': ro(ref('ImageDeprecation')),
        'scope': ro(SCOPE_ENUM),
        # filters (#13): the values Imagehub answers with, which the source and status filters take
        'source': ro({'description': 'Indicates how this Image was created.',
                      'enum': ['registered', 'created-from-server', 'update-task', 'promoted', 'copied'],
                      'type': 'string'}),
        'status': ro({'description': 'Current status for this Image: pending while the cloud makes it (a copy), '
                      'failed when that failed.', 'enum': ['active', 'pending', 'failed'], 'type': 'string'}),
        'statusError': ro({'description': 'If the Image is in a failed state, this indicates why.',
                           'type': 'string'}),
        'added': ro({'description': 'Date and time at which this Image was created.', 'format': 'date-time',
                     'type': 'string'}),
        'lastUsed': ro({'description': 'Date and time at which this Image was last used.', 'format': 'date-time',
                        'type': 'string'})},
        'required': ['name', 'cloudPlatform', 'cloudImageId', 'architecture', 'os'],
        'x-createOnly': ['cloudImageId', 'size', 'type', 'scalrAgentInstalled', 'cloudInitInstalled',
                         'cloudLocation', 'cloudPlatform', 'os', 'architecture'],
        # filters (#13): Scalr's x-filterable Image fields, as ImageApi.FILTERS declares them
        'x-filterable': ['id', 'name', 'scope', 'cloudPlatform', 'cloudLocation', 'cloudImageId', 'architecture',
                         'source', 'status', 'deprecated', 'os', 'scalrAgentInstalled', 'cloudInitInstalled']},
    'ImageUse': {'description': 'A Role or Image that uses an Image (Imagehub).', 'properties': {
        'type': ro({'type': 'string'}), 'id': ro({'type': 'string'}), 'name': ro({'type': 'string'}),
        'scope': ro(SCOPE_ENUM), 'scopeId': ro({'type': 'integer'})}},
    'ImageUsage': {'description': 'Where an Image is used (Imagehub). usedBy names the uses in scopes the caller '
                   'can see; hiddenCount counts the others (hiddenByType: per type, e.g. role, farm). inUse counts '
                   'both: an Image is deleted only when nothing uses it.', 'properties': {
        'image': ro(ref('Image')), 'inUse': ro({'type': 'boolean'}),
        'usedBy': ro({'items': ref('ImageUse'), 'type': 'array'}),
        'hiddenCount': ro({'type': 'integer'}),
        'hiddenByType': ro({'additionalProperties': {'type': 'integer'}, 'type': 'object'})}},
    'RoleOs': {'properties': {
        'id': {'description': 'An OS id or an OS family.', 'type': 'string'},
        'family': {'description': 'OS family.', 'type': 'string'}}},
    'RoleDeprecation': {'description': 'Since when a Role is deprecated and what replaces it.', 'properties': {
        'since': ro({'format': 'date-time', 'type': 'string'}),
        'replacement': ro(ref('RoleForeignKey'))}},
    'Role': {'properties': {
        'id': ro({'type': 'integer'}),
        'name': {'description': 'The name of the Role.', 'type': 'string'},
        'description': {'type': 'string'},
        'category': {'description': 'The name of the Role category.', 'type': 'string'},
        'os': ref('RoleOs'),
        'deprecated': {'description': 'Whether this Role is deprecated. PATCH true to deprecate it, false to '
                       'undeprecate it.', 'type': 'boolean'},
        'deprecation': ro(ref('RoleDeprecation')),
        'scope': ro(SCOPE_ENUM),
        'createdBy': ro({'type': 'string'}),
        'added': ro({'format': 'date-time', 'type': 'string'})},
        'required': ['name', 'os'],
        'x-createOnly': ['os'],
        # filters (#13): as RoleApi.FILTERS declares them
        'x-filterable': ['id', 'name', 'os', 'category', 'scope', 'deprecated']},
    'RoleImage': {'description': 'A Representation of a Role Image. Note that the `role` property is optional '
                  'when POST-ing to a URL that already includes `{roleId}`.', 'properties': {
        'role': ref('RoleForeignKey'),
        'image': ref('ImageForeignKey'),
        'name': ro({'description': 'The name of the Image.', 'type': 'string'}),
        'cloudPlatform': ro({'type': 'string'}),
        'cloudLocation': ro({'type': 'string'}),
        'cloudImageId': ro({'type': 'string'}),
        'scope': ro(SCOPE_ENUM)},
        'required': ['image'],
        # filters (#13): as RoleApi.ROLE_IMAGE_FILTERS declares them
        'x-filterable': ['role', 'image']},
    'RoleScopeIdentity': {'description': 'The Role Scope identity relation.', 'properties': {
        'id': ro({'description': 'Identifier of the Role.', 'type': 'integer'}),
        'name': ro({'type': 'string'}),
        'scope': ro(SCOPE_ENUM),
        'accountId': ro({'description': 'Account identifier.', 'type': 'integer'}),
        'envId': ro({'description': 'Environment identifier.', 'type': 'integer'}),
        'reason': ro({'description': 'In a dry run, why a Role would be skipped.', 'type': 'string'})}},
    'NamedForeignKey': {'properties': {'id': ro({'type': 'string'}), 'name': ro({'type': 'string'})}},
    'Replacement': {'description': 'One replace-everywhere of an Image, which can be rolled back (Imagehub).',
                    'properties': {
        'id': ro({'type': 'integer'}),
        'scope': ro(SCOPE_ENUM),
        'accountId': ro({'type': 'integer'}),
        'envId': ro({'type': 'integer'}),
        'cloudPlatform': ro({'type': 'string'}),
        'cloudLocation': ro({'type': 'string'}),
        'oldImage': ro(ref('NamedForeignKey')),
        'newImage': ro(ref('NamedForeignKey')),
        'deprecatedOldImage': ro({'type': 'boolean'}),
        'createdBy': ro({'type': 'string'}),
        'added': ro({'format': 'date-time', 'type': 'string'}),
        'rolledBack': ro({'type': 'boolean'}),
        'rolledBackBy': ro({'type': 'string'}),
        'rolledBackAt': ro({'format': 'date-time', 'type': 'string'}),
        'roles': ro({'items': ref('NamedForeignKey'), 'type': 'array'})},
        # filters (#13): as ReplacementApi.FILTERS declares them
        'x-filterable': ['oldImage', 'newImage', 'rolledBack', 'cloudPlatform', 'cloudLocation']},
    'AuditLogEntry': {'description': 'One change recorded in the audit log (Imagehub).', 'properties': {
        'id': ro({'type': 'integer'}),
        'time': ro({'format': 'date-time', 'type': 'string'}),
        'user': ro({'description': 'Email of the user who made the change.', 'type': 'string'}),
        'via': ro({'description': 'web or api.', 'type': 'string'}),
        'action': ro({'type': 'string'}),
        'objectType': ro({'type': 'string'}),
        'objectId': ro({'type': 'string'}),
        'objectName': ro({'type': 'string'}),
        'scope': ro({'type': 'string'}),
        'scopeId': ro({'type': 'integer'}),
        'before': ro({'description': 'The object before the change, as JSON text.', 'type': 'string'}),
        'after': ro({'description': 'The object after the change, as JSON text.', 'type': 'string'})},
        'x-filterable': ['user', 'object', 'action', 'from', 'to']},
}

ACCOUNT_DEFS = {
    'AccountForeignKey': {'properties': {'id': {'type': 'integer'}}, 'required': ['id']},
    'Environment': {'properties': {
        'id': ro({'type': 'integer'}),
        'name': {'type': 'string'},
        'account': ro(ref('AccountForeignKey')),
        'added': ro({'format': 'date-time', 'type': 'string'})},
        'required': ['name']},
}

GLOBAL_DEFS = {
    'Account': {'properties': {
        'id': ro({'type': 'integer'}),
        'name': {'type': 'string'},
        'added': ro({'format': 'date-time', 'type': 'string'})},
        'required': ['name']},
    'GrantScope': {'properties': {
        'level': {'enum': ['scalr', 'account', 'environment'], 'type': 'string'},
        'id': {'description': 'The ID of the Account or Environment; not used for scalr.', 'type': 'integer'}},
        'required': ['level']},
    'Grant': {'description': 'A role a User holds at one scope.', 'properties': {
        'id': ro({'type': 'integer'}),
        'scope': ref('GrantScope'),
        'role': {'description': 'admin, operator or read-only (Global and Account grants: admin). Required.',
                 'type': 'string'}},
        'required': ['scope', 'role']},
    'User': {'description': 'A person (kind user) or a service account (kind service).', 'properties': {
        'id': ro({'type': 'integer'}),
        'email': {'type': 'string'},
        'name': {'type': 'string'},
        'password': {'description': 'Sent when creating a person, or alone in a PATCH to set a new one (ends their '
                                    'sessions); never returned.', 'type': 'string'},
        'kind': {'enum': ['user', 'service'], 'type': 'string'},
        'scope': {'$ref': '#/definitions/GrantScope', 'description': 'The scope of the first grant (on create).'},
        'role': {'description': 'The role of the first grant (on create, required): admin, operator or read-only.',
                 'type': 'string'},
        'disabled': {'description': 'Whether the User may no longer sign in. PATCH takes it or password, not both.',
                     'type': 'boolean'},
        'added': ro({'format': 'date-time', 'type': 'string'}),
        'grants': ro({'items': ref('Grant'), 'type': 'array'})},
        'x-createOnly': ['email', 'name', 'kind', 'scope', 'role']},
    'ApiKey': {'properties': {
        'keyId': ro({'type': 'string'}),
        'name': {'type': 'string'},
        'added': ro({'format': 'date-time', 'type': 'string'}),
        'lastUsed': ro({'format': 'date-time', 'type': 'string'}),
        'active': ro({'type': 'boolean'}),
        'secret': ro({'description': 'The secret key, returned once when the key is created.', 'type': 'string'})}},
}


def error_responses():
    def err(description, codes):
        r = {'description': description, 'schema': ref('ApiErrorResponse')}
        if codes:
            r['x-errorCodes'] = [{'description': d, 'name': n} for n, d in codes]
        return r
    return {
        '400': err('A client-side error was made.', [
            ('InvalidStructure', 'The request was structurally incorrect, and was not understood by the API.'),
            ('InvalidValue', 'The request was understood by the API, but included invalid data.'),
            ('BadRequest', "The request wasn't understood by the API.")]),
        '401': err('The request was not authenticated.', [
            ('BadAuthentication', 'The request was not properly authenticated.')]),
        '403': err('Insufficient permissions.', [
            ('ScopeViolation', 'This request should be made in a different Scope.'),
            ('PermissionViolation', 'You do not have the necessary permissions to perform this request.')]),
        '404': err('Resource not found.', [
            ('ObjectNotFound', 'The object you are trying to access does not exist.')]),
        '409': err('Conflict with current state.', [
            ('ObjectInUse', "These changes aren't possible while this object is in use."),
            ('UnicityViolation', 'These changes would violate a unicity constraint.'),
            ('OperatingSystemMismatch', 'The Operating System does not match.'),
            ('UnacceptableState', "The action can't be perfomed in the current object's state."),
            ('ConcurrentChange', 'A parallel change of the same objects won; read them again and retry.')]),
        '500': err('A server-side error occured.', None),
        '502': err('The cloud refused or failed a call; the message says which and why.', [
            ('CloudProviderError', 'The cloud provider refused or failed the call.')]),
        '503': err('The database is not reachable right now; retry later.', [
            ('ServiceUnavailable', 'Imagehub cannot reach its database at the moment.')]),
    }


ENVELOPES = ('ApiMessage', 'ApiMetaContainer', 'ApiPagination', 'ApiErrorResponse')


def one_response(name):
    """The envelope of one object: {meta, data, warnings}."""
    return {'properties': {
        'data': ro(ref(name)), 'errors': ro({'items': ref('ApiMessage'), 'type': 'array'}),
        'meta': ro(ref('ApiMetaContainer')), 'warnings': ro({'items': ref('ApiMessage'), 'type': 'array'})},
        'x-derived': ref(name)}


def list_response(name, paginated=True):
    props = {'data': ro({'items': ref(name), 'type': 'array'}),
             'errors': ro({'items': ref('ApiMessage'), 'type': 'array'}),
             'meta': ro(ref('ApiMetaContainer')),
             'warnings': ro({'items': ref('ApiMessage'), 'type': 'array'})}
    if paginated:
        props['pagination'] = ro(ref('ApiPagination'))
    return {'properties': props, 'x-derived': ref(name)}


def ok(status, description, definition):
    return {status: {'description': description, 'schema': ref(definition)}}


def op(description, responses, params=None):
    o = {'description': description}
    if params:
        o['parameters'] = params
    r = dict(responses)
    r.update(error_responses())
    o['responses'] = r
    return o


def body(name, description, schema, required=True):
    return [{'description': description, 'in': 'body', 'name': name, 'required': required, 'schema': schema}]


DELETED = {'204': {'description': 'Successful deletion.'}}


def path_param(name):
    return {
        'envId': {'description': 'The ID of the Environment scoping this request.', 'type': 'integer'},
        'accountId': {'description': 'The ID of the Account scoping this request.', 'type': 'integer'},
        'imageId': dict(UUID, description='The ID of a Image object.', **{'x-references': ref('Image')}),
        'roleId': {'description': 'The ID of a Role object.', 'type': 'integer', 'x-references': ref('Role')},
        'replacementId': {'description': 'The ID of a Replacement (Imagehub).', 'type': 'integer'},
        'userId': {'description': 'The ID of a User.', 'type': 'integer'},
        'grantId': {'description': 'The ID of a Grant of the User.', 'type': 'integer'},
        'keyId': {'description': 'The ID of an API key of the User.', 'type': 'string'},
        'operationId': {'description': 'The ID of a server Operation (Imagehub).', 'type': 'integer'},
    }.get(name) or FARM_PATH_PARAMS.get(name) or TASK_PATH_PARAMS.get(name) or CREDENTIAL_PATH_PARAMS[name]


def scoped_paths(level):
    word = SCOPES[level]['word']
    p = {}
    p['/images/'] = {
        # filters (#13)
        'get': op('List all the Images available in the ' + word + '. Every filter matches its field exactly, as '
                  "Scalr's do: id, name, scope (scalr, account or environment, as far down as the URL's scope), "
                  'cloudPlatform, cloudLocation, cloudImageId, architecture, source, status, deprecated, os (an OS id), '
                  'scalrAgentInstalled, cloudInitInstalled (booleans are true or false).',
                  ok('200', 'A list of Image objects.', 'ImageListResponse')),
        'post': op('Register a new Image in this ' + word + '. Its scope is set from the URL.',
                   ok('201', 'The JSON representation of a Image object.', 'ImageDetailsResponse'),
                   body('imageObject', 'The JSON representation of a Image object.', ref('Image'))),
    }
    p['/images/{imageId}/'] = {
        'get': op('Retrieve detailed information about an Image.',
                  ok('200', 'The JSON representation of a Image object.', 'ImageDetailsResponse')),
        'patch': op('Modify the attributes of an Image: name, description and deprecated (true deprecates it, '
                    'false undeprecates it). Other properties are refused.',
                    ok('200', 'The JSON representation of a Image object.', 'ImageDetailsResponse'),
                    body('image', 'The updated definition.', ref('Image'))),
        'delete': op('Remove an Image from the ' + word + '. An Image a Role still uses is refused (409 '
                     'ObjectInUse).', DELETED),
    }
    p['/images/{imageId}/usage/'] = {
        'get': op('List the Roles and Images that use an Image (Imagehub).',
                  ok('200', 'Where the Image is used.', 'ImageUsageDetailsResponse')),
    }
    p['/images/{imageId}/actions/promote/'] = {
        'post': op('Promote an Image to the scope above its own (Imagehub). Takes no body.',
                   ok('200', 'The JSON representation of a Image object.', 'ImageDetailsResponse')),
    }
    p['/images/{imageId}/actions/replace/'] = {
        'post': op('Replace the current Image with a specified one for all Roles which use this Image and are '
                   'visible from this ' + word + '. With dryRun, nothing changes and the answer is a preview '
                   '{dryRun, oldImage, newImage, deprecateOldImage, roles, skipped}. Roles that cannot be '
                   'changed are listed in warnings (code RoleSkipped).',
                   ok('200', 'A list of RoleScopeIdentity objects: the Roles changed.',
                      'RoleScopeIdentityListResponse'),
                   body('replaceImageRequest', 'Replace image options.', {'properties': {
                       'deprecateOldImage': {'default': False, 'description': 'If the value is true the old '
                                             'Image is marked as deprecated.', 'type': 'boolean'},
                       'newImage': {'$ref': '#/definitions/ImageForeignKey',
                                    'description': 'The identifier of a new Image object.'},
                       'scope': {'description': 'Only replace in Roles of these scopes (default: all).',
                                 'items': {'enum': ['scalr', 'account', 'environment'], 'type': 'string'},
                                 'type': 'array'},
                       'dryRun': {'default': False, 'description': 'Only answer what would change (Imagehub).',
                                  'type': 'boolean'},
                       'reason': {'description': 'Why, for the audit log (Imagehub).', 'type': 'string'}},
                       'required': ['newImage']})),
    }
    p['/os/'] = {
        'get': op('List the Operating Systems Imagehub knows.',
                  ok('200', 'A list of Os objects.', 'OsListResponse')),
    }
    p['/roles/'] = {
        # filters (#13)
        'get': op('List all the Roles available in this ' + word + '. Every filter matches its field exactly: id, '
                  'name, os (an OS id or family), category, scope (scalr, account or environment), deprecated.',
                  ok('200', 'A list of Role objects.', 'RoleListResponse')),
        'post': op('Create a new Role in this ' + word + '.',
                   ok('201', 'The JSON representation of a Role object.', 'RoleDetailsResponse'),
                   body('roleObject', 'The JSON representation of a Role object.', ref('Role'))),
    }
    p['/roles/{roleId}/'] = {
        'get': op('Retrieve detailed information about a given Role.',
                  ok('200', 'The JSON representation of a Role object.', 'RoleDetailsResponse')),
        'patch': op('Modify the attributes of a given Role: name, description, category and deprecated.',
                    ok('200', 'The JSON representation of a Role object.', 'RoleDetailsResponse'),
                    body('roleObject', 'The JSON representation of a Role object.', ref('Role'))),
        'delete': op('Delete a Role from this ' + word + '.', DELETED),
    }
    p['/roles/{roleId}/actions/clone/'] = {
        'post': op('Make a copy of an existing Role, with its Images, by cloning it.',
                   ok('201', 'The JSON representation of a Role object.', 'RoleDetailsResponse'),
                   body('cloneRoleRequest', 'Role cloning options.', {'properties': {
                       'name': {'description': 'The name of the new Role.', 'type': 'string'},
                       'scope': {'description': 'The scope of the new Role; only the scope of the request URL '
                                 'is accepted.', 'enum': ['scalr', 'account', 'environment'], 'type': 'string'}},
                       'required': ['name']})),
    }
    p['/roles/{roleId}/actions/deprecate/'] = {
        'post': op('Deprecate a Role and set another Role to replace it.',
                   ok('200', 'The JSON representation of a Role object.', 'RoleDetailsResponse'),
                   body('deprecateRoleRequest', 'Deprecate Role options.', {'properties': {
                       'deprecate': {'default': True, 'description': 'By default deprecate Role. If the value is '
                                     'false clears the deprecation of the Role.', 'type': 'boolean'},
                       'replacement': {'$ref': '#/definitions/RoleForeignKey',
                                       'description': 'The suggested replacement Role foreign key for the '
                                       'current Role.'}}}, required=False)),
    }
    p['/roles/{roleId}/actions/promote/'] = {
        'post': op('Promote Role to the scope above its own (environment to account), with its Images. Takes '
                   'no body.', ok('200', 'The JSON representation of a Role object.', 'RoleDetailsResponse')),
    }
    p['/roles/{roleId}/images/'] = {
        # filters (#13)
        'get': op('List all Images associated with a given Role. Filters: role (the Role of the URL; another '
                  'matches nothing), image (an Image id).',
                  ok('200', 'A list of RoleImage objects.', 'RoleImageListResponse')),
        'post': op('Associates a new Image with a given Role. This will fail if an Image associated to the Role '
                   'is in the same location than the Image you are trying to add.',
                   ok('201', 'The JSON representation of a RoleImage object.', 'RoleImageDetailsResponse'),
                   body('roleImageObject', 'The JSON representation of a RoleImage object.', ref('RoleImage'))),
    }
    p['/roles/{roleId}/images/{imageId}/'] = {
        'get': op('Retrieve the Image a Role uses in one cloud location.',
                  ok('200', 'The JSON representation of a RoleImage object.', 'RoleImageDetailsResponse')),
        'delete': op('Dis-associates an Image from a given Role.', DELETED),
    }
    p['/roles/{roleId}/images/{imageId}/actions/replace/'] = {
        'post': op('Replace an Image in-place in a given Role. The Image of the URL is the old one, the Image of '
                   'the body the new one; both must be of the same platform and location.',
                   ok('200', 'The JSON representation of a RoleImage object.', 'RoleImageDetailsResponse'),
                   body('roleImageObject', 'The JSON representation of a RoleImage object.', ref('RoleImage'))),
    }
    p['/replacements/'] = {
        # filters (#13)
        'get': op('List the replace-everywhere operations made at this scope, newest first (Imagehub). Filters: '
                  'oldImage, newImage (Image ids), rolledBack (true or false), cloudPlatform, cloudLocation.',
                  ok('200', 'A list of Replacement objects.', 'ReplacementListResponse')),
    }
    p['/replacements/{replacementId}/'] = {
        'get': op('Retrieve one replace-everywhere operation (Imagehub).',
                  ok('200', 'The JSON representation of a Replacement object.', 'ReplacementDetailsResponse')),
    }
    p['/replacements/{replacementId}/actions/rollback/'] = {
        'post': op('Roll a replace-everywhere back: every Role it changed gets its old Image again (Imagehub). '
                   'Takes no body.',
                   ok('200', 'The JSON representation of a Replacement object.', 'ReplacementDetailsResponse')),
    }
    p['/audit-log/'] = {
        'get': op('List the audit log of this scope, newest first (Imagehub). Filters: user (email), object (type or '
                  'id), action (such as image.deprecate), from and to (ISO-8601 times).',
                  ok('200', 'A list of AuditLogEntry objects.', 'AuditLogEntryListResponse')),
    }
    return p


def account_paths():
    return {
        '/environments/': {
            'get': op('List all the Environments in this Account.',
                      ok('200', 'A list of Environment objects.', 'EnvironmentListResponse')),
            'post': op('Create a new Environment in this Account.',
                       ok('201', 'The JSON representation of a Environment object.', 'EnvironmentDetailsResponse'),
                       body('environmentObject', 'The JSON representation of a Environment object.',
                            ref('Environment'))),
        },
        '/environments/{envId}/': {
            'get': op('Retrieve detailed information about a given Environment.',
                      ok('200', 'The JSON representation of a Environment object.', 'EnvironmentDetailsResponse')),
            'patch': op('Rename a given Environment.',
                        ok('200', 'The JSON representation of a Environment object.', 'EnvironmentDetailsResponse'),
                        body('environmentObject', 'The JSON representation of a Environment object.',
                             ref('Environment'))),
            'delete': op('Delete a given Environment.', DELETED),
        },
    }


def global_paths():
    user = {'get': op('Retrieve a User with its grants.',
                      ok('200', 'The JSON representation of a User object.', 'UserDetailsResponse')),
            'patch': op('Disable or enable a User (property disabled), or set a new password for a person (property '
                                    'password); only for an admin of every scope the User holds a grant in.',
                        ok('200', 'The JSON representation of a User object.', 'UserDetailsResponse'),
                        body('userObject', 'The JSON representation of a User object.', ref('User'))),
            'delete': op('Delete a User.', DELETED)}
    return {
        '/accounts/': {
            'get': op('List every Account (holders of a Global grant only).',
                      ok('200', 'A list of Account objects.', 'AccountListResponse')),
            'post': op('Create a new Account.',
                       ok('201', 'The JSON representation of a Account object.', 'AccountDetailsResponse'),
                       body('accountObject', 'The JSON representation of a Account object.', ref('Account'))),
        },
        '/accounts/{accountId}/': {
            'get': op('Retrieve detailed information about a given Account.',
                      ok('200', 'The JSON representation of a Account object.', 'AccountDetailsResponse')),
            'patch': op('Rename a given Account.',
                        ok('200', 'The JSON representation of a Account object.', 'AccountDetailsResponse'),
                        body('accountObject', 'The JSON representation of a Account object.', ref('Account'))),
            'delete': op('Delete a given Account.', DELETED),
        },
        '/users/': {
            'get': op('List the Users and service accounts you may see, with the grants you may see.',
                      ok('200', 'A list of User objects.', 'UserListResponse')),
            'post': op('Create a person (kind user: email, name, password) or a service account (kind service: '
                       'name), with a first grant (scope, role).',
                       ok('201', 'The JSON representation of a User object.', 'UserDetailsResponse'),
                       body('userObject', 'The JSON representation of a User object.', ref('User'))),
        },
        '/users/{userId}/': user,
        '/users/{userId}/grants/': {
            'get': op('List the grants of a User.', ok('200', 'A list of Grant objects.', 'GrantListResponse')),
            'post': op('Grant a User a role at a scope (replacing the role it had there).',
                       ok('201', 'The JSON representation of a Grant object.', 'GrantDetailsResponse'),
                       body('grantObject', 'The JSON representation of a Grant object.', ref('Grant'))),
        },
        '/users/{userId}/grants/{grantId}/': {
            'delete': op('Remove a grant from a User.', DELETED),
        },
        '/users/{userId}/api-keys/': {
            'get': op('List the API keys of a User (never with their secrets).',
                      ok('200', 'A list of ApiKey objects.', 'ApiKeyListResponse')),
            'post': op('Create an API key for a User; the answer holds its secret, shown only this once.',
                       ok('201', 'The JSON representation of a ApiKey object.', 'ApiKeyDetailsResponse'),
                       body('apiKeyObject', 'The JSON representation of a ApiKey object.', ref('ApiKey'))),
        },
        '/users/{userId}/api-keys/{keyId}/': {
            'delete': op('Revoke an API key of a User.', DELETED),
        },
    }


# --- Server operations (Imagehub): replace servers, environment scope only -----------------------------

def _target_key(description, id_type):
    return {'description': description, 'properties': {'id': {'type': id_type}}, 'required': ['id']}


OPERATION_DEFS = {
    'OperationTarget': {'description': 'What an Operation works on (Imagehub).', 'properties': {
        'type': ro({'enum': ['farm', 'farmRole', 'image'], 'type': 'string'}),
        'id': ro({'type': 'string'}),
        'name': ro({'type': 'string'})}},
    'Operation': {'description': 'A server Operation (Imagehub): replace-servers terminates the stale servers of '
                  'its target in batches while the scaler relaunches them on the current image.', 'properties': {
        'id': ro({'type': 'integer'}),
        'kind': ro({'enum': ['replace-servers'], 'type': 'string'}),
        'status': ro({'enum': ['running', 'completed', 'cancelled', 'failed'], 'type': 'string'}),
        'total': ro({'description': 'Stale servers to replace.', 'type': 'integer'}),
        'replaced': ro({'description': 'Servers terminated so far.', 'type': 'integer'}),
        'progress': ro({'description': 'replaced / total, in percent.', 'type': 'integer'}),
        'target': ro(ref('OperationTarget')),
        'batchSize': ro({'type': 'integer'}),
        'pauseSeconds': ro({'type': 'integer'}),
        'message': ro({'description': 'What it is doing, or why it stopped.', 'type': 'string'}),
        'createdBy': ro({'type': 'string'}),
        'created': ro({'format': 'date-time', 'type': 'string'}),
        'updated': ro({'format': 'date-time', 'type': 'string'}),
        'finished': ro({'format': 'date-time', 'type': 'string'})},
        # filters (#13): as OperationApi.FILTERS declares them
        'x-filterable': ['status', 'kind']},
    'ReplaceServersRequest': {'description': 'Exactly one of farm, farmRole and image (Imagehub).', 'properties': {
        'farm': _target_key('Replace the stale servers of this Farm.', 'integer'),
        'farmRole': _target_key('Replace the stale servers of this Farm Role.', 'integer'),
        'image': _target_key('Replace the servers of the Environment on this old Image.', 'string'),
        'batchSize': {'description': 'Servers terminated at once, 1 to 50 (default 1).', 'type': 'integer'},
        'pauseSeconds': {'description': 'Pause between batches, 0 to 3600 (default 0).', 'type': 'integer'}}},
}


def operation_paths():
    return {
        '/usage/actions/replace-servers/': {
            'post': op('Start replacing the stale servers (not on their role\'s current Image) of one Farm, Farm Role '
                       'or old Image, in batches; the scaler relaunches them on the current Image (Imagehub).',
                       ok('201', 'The JSON representation of an Operation object.', 'OperationDetailsResponse'),
                       body('replaceServersRequest', 'The target, batch size and pause.',
                            ref('ReplaceServersRequest'))),
        },
        '/operations/': {
            # filters (#13)
            'get': op('List the server Operations of this Environment, newest first (Imagehub). Filters: status, '
                      'kind.',
                      ok('200', 'A list of Operation objects.', 'OperationListResponse')),
        },
        '/operations/{operationId}/': {
            'get': op('Retrieve a server Operation with its progress (Imagehub).',
                      ok('200', 'The JSON representation of an Operation object.', 'OperationDetailsResponse')),
        },
        '/operations/{operationId}/actions/cancel/': {
            'post': op('Cancel a running Operation: no server is terminated after this (Imagehub). Takes no body.',
                       ok('200', 'The JSON representation of an Operation object.', 'OperationDetailsResponse')),
        },
    }

# --- end of server operations ----------------------------------------------------------------------------
# ---- Farms, farm roles and servers (user API only: farms live in environments) ----

FARM_PATH_PARAMS = {
    'farmId': {'description': 'The ID of a Farm object.', 'type': 'integer', 'x-references': ref('Farm')},
    'farmRoleId': {'description': 'The ID of a FarmRole object.', 'type': 'integer',
                   'x-references': ref('FarmRole')},
    'serverId': {'description': 'The ID of a Server object.', 'type': 'integer', 'x-references': ref('Server')},
}

FARM_DEFS = {
    'FarmForeignKey': {'properties': {'id': {'type': 'integer'}}, 'required': ['id'],
                       'x-references': ref('Farm')},
    'FarmRoleForeignKey': {'properties': {'id': {'type': 'integer'}}, 'required': ['id'],
                           'x-references': ref('FarmRole')},
    'EnvironmentForeignKey': {'properties': {'id': {'type': 'integer'}}, 'required': ['id']},
    'ComposedUserIdentity': {'properties': {
        'id': {'description': 'Unique identifier for an User.', 'type': 'integer'},
        'email': {'description': 'Email of the owner of the Farm; how Imagehub finds the owner.', 'format': 'email',
                  'type': 'string'}}},
    'RoleIdentity': {'properties': {
        'id': {'type': 'integer'},
        'name': ro({'type': 'string'})}, 'required': ['id']},
    'ImageIdentity': {'properties': {'id': ro({'type': 'string'}), 'name': ro({'type': 'string'})}},
    'ScalingConfiguration': {'properties': {
        'minInstances': {'default': 1, 'description': 'The minimum number of servers; the scaler keeps the Farm '
                         'Role at it while the Farm runs.', 'type': 'integer'},
        'maxInstances': {'default': 2, 'description': 'The maximum number of servers.', 'type': 'integer'}}},
    'Farm': {'properties': {
        'id': ro({'type': 'integer'}),
        'name': {'type': 'string'},
        'description': {'type': 'string'},
        'owner': ref('ComposedUserIdentity'),
        'status': ro({'enum': ['running', 'suspended', 'terminated'], 'type': 'string'}),
        'environment': ro(ref('EnvironmentForeignKey')),
        'createdBy': ro({'type': 'string'}),
        'added': ro({'format': 'date-time', 'type': 'string'})},
        'required': ['name'],
        # filters (#13): as FarmApi.FARM_FILTERS declares them
        'x-filterable': ['id', 'name', 'owner', 'status']},
    'FarmRole': {'properties': {
        'id': ro({'type': 'integer'}),
        'alias': {'type': 'string'},
        'role': ref('RoleIdentity'),
        'farm': ro(ref('FarmForeignKey')),
        'cloudPlatform': {'enum': ['ec2', 'aliyun', 'sandbox'], 'type': 'string'},
        'cloudLocation': {'type': 'string'},
        'instanceType': {'description': 'Accepted and ignored (Imagehub).', 'type': 'object'},
        'scaling': ref('ScalingConfiguration'),
        'added': ro({'format': 'date-time', 'type': 'string'})},
        'required': ['role', 'cloudPlatform', 'cloudLocation'],
        'x-createOnly': ['role', 'cloudPlatform', 'cloudLocation', 'alias'],
        # filters (#13): as FarmApi.FARM_ROLE_FILTERS declares them
        'x-filterable': ['id', 'alias', 'farm', 'role', 'cloudPlatform', 'cloudLocation']},
    'Server': {'properties': {
        'id': ro({'type': 'integer'}),
        'cloudServerId': ro({'type': 'string'}),
        'farm': ro(ref('FarmForeignKey')),
        'farmRole': ro(ref('FarmRoleForeignKey')),
        'image': ro(ref('ImageIdentity')),
        'status': ro({'enum': ['pending', 'running', 'suspended', 'terminated'], 'type': 'string'}),
        'launched': ro({'format': 'date-time', 'type': 'string'}),
        'cloudPlatform': ro({'type': 'string'}),
        'cloudLocation': ro({'type': 'string'})},
        # filters (#13): as FarmApi.SERVER_FILTERS declares them
        'x-filterable': ['id', 'farm', 'farmRole', 'status', 'imageId', 'cloudServerId', 'cloudPlatform',
                         'cloudLocation']},
}


def farm_paths():
    farm_ok = ok('200', 'The JSON representation of a Farm object.', 'FarmDetailsResponse')
    farm_role_ok = ok('200', 'The JSON representation of a FarmRole object.', 'FarmRoleDetailsResponse')
    server_ok = ok('200', 'The JSON representation of a Server object.', 'ServerDetailsResponse')
    servers = ok('200', 'A list of Server objects (active servers).', 'ServerListResponse')
    return {
        '/farms/': {
            # filters (#13)
            'get': op('List all the Farms available in this Environment. Every filter matches its field exactly: '
                      'id, name, owner (the owner\'s user id), status.',
                      ok('200', 'A list of Farm objects.', 'FarmListResponse')),
            'post': op('Create a new Farm in this Environment. The owner is named by owner.email (default: you).',
                       ok('201', 'The JSON representation of a Farm object.', 'FarmDetailsResponse'),
                       body('createFarmRequestObject', 'The JSON representation of a CreateFarmRequest object.',
                            ref('Farm'))),
        },
        '/farms/{farmId}/': {
            'get': op('Retrieve detailed information about a given Farm.', farm_ok),
            'patch': op('Modify the attributes of a given Farm: name, description, owner.', farm_ok,
                        body('farmObject', 'The JSON representation of a Farm object.', ref('Farm'))),
            'delete': op('Delete a terminated Farm with its Farm Roles.', DELETED),
        },
        '/farms/{farmId}/actions/launch/': {
            'post': op('Launch a Farm: the scaler brings every Farm Role up to its minimum.', farm_ok),
        },
        '/farms/{farmId}/actions/suspend/': {
            'post': op('Suspend a Farm.', farm_ok),
        },
        '/farms/{farmId}/actions/resume/': {
            'post': op('Resume a Farm.', farm_ok),
        },
        '/farms/{farmId}/actions/terminate/': {
            'post': op('Terminate a Farm.', farm_ok,
                       body('terminateFarmRequest', 'Terminate Farm options.', {'properties': {
                           'force': {'description': 'Skip all shutdown routines (Do not process the '
                                     'BeforeHostTerminate event).', 'type': 'boolean'}}}, required=False)),
        },
        '/farms/{farmId}/farm-roles/': {
            # filters (#13)
            'get': op('List the Farm Roles of a Farm. Every filter matches its field exactly: id, alias, farm (the '
                      'Farm of the URL; another matches nothing), role (a Role id), cloudPlatform, cloudLocation.', ok('200', 'A list of FarmRole objects.', 'FarmRoleListResponse')),
            'post': op('Create a new Farm Role in a Farm: a Role in one cloud location, with scaling '
                       '{minInstances, maxInstances}.',
                       ok('201', 'The JSON representation of a FarmRole object.', 'FarmRoleDetailsResponse'),
                       body('farmRoleObject', 'The JSON representation of a FarmRole object.', ref('FarmRole'))),
        },
        '/farm-roles/{farmRoleId}/': {
            'get': op('Retrieve detailed information about a given Farm Role.', farm_role_ok),
            'patch': op('Modify a Farm Role: only scaling (minInstances, maxInstances).', farm_role_ok,
                        body('farmRoleObject', 'The JSON representation of a FarmRole object.', ref('FarmRole'))),
            'delete': op('Delete a Farm Role that has no active servers.', DELETED),
        },
        '/farms/{farmId}/servers/': {
            # filters (#13)
            'get': op('List the active Servers of a Farm. Filters: id, farmRole, status, imageId, cloudServerId, '
                      'cloudPlatform, cloudLocation.', servers),
        },
        '/farm-roles/{farmRoleId}/servers/': {
            'get': op('List the active Servers of a Farm Role.', servers),
            'post': op('Launch a new Server for the specified Farm Role.',
                       ok('201', 'The JSON representation of a Server object.', 'ServerDetailsResponse')),
        },
        '/servers/': {
            # filters (#13)
            'get': op('List the active Servers of this Environment. Every filter matches its field exactly: id, '
                      'farm, farmRole, status, imageId, cloudServerId, cloudPlatform, cloudLocation.', servers),
            'post': op('Launch a new Server for the specified Farm Role.',
                       ok('201', 'The JSON representation of a Server object.', 'ServerDetailsResponse'),
                       body('serverLaunchRequest', 'Server launch options.', {'properties': {
                           'farmRole': ref('FarmRoleForeignKey')}, 'required': ['farmRole']})),
        },
        '/servers/{serverId}/': {
            'get': op('Retrieve detailed information about a given Server.', server_ok),
        },
        '/servers/{serverId}/actions/terminate/': {
            'post': op('Terminate a Server; in a running Farm the scaler replaces it on the Role\'s current Image.',
                       server_ok,
                       body('serverTerminationOptions', 'Additional options for the Server termination.',
                            {'properties': {'force': {'description': 'Whether the Server should be terminated '
                                                      'immediately.', 'type': 'boolean'}}}, required=False)),
        },
    }

# ---- end of farms ----

# --- Farm roles on real clouds (farmcloud): scaling group binding, image sync, inventory sync ---------------------

FARM_DEFS['FarmRole']['properties'].update({
    'scalingGroup': {'description': 'On ec2 / aliyun: the existing scaling group the Farm Role is bound to (AWS Auto '
                     'Scaling group name, Alibaba ESS scaling group id); its size is the group\'s.',
                     'properties': {'id': {'type': 'string'}}, 'required': ['id']},
    'cloudCredentials': {'description': 'The stored cloud credentials to act with, where several are stored.',
                         'properties': {'id': {'type': 'integer'}}, 'required': ['id']},
    'imageSync': ro({'description': 'Whether the bound group launches the Role\'s image for this location.',
                     'properties': {
                         'status': {'enum': ['applied', 'pending', 'failed'], 'type': 'string'},
                         'message': {'type': 'string'},
                         'imageId': {'description': 'The cloud image id written into the group.', 'type': 'string'},
                         'updated': {'format': 'date-time', 'type': 'string'}}}),
})
FARM_DEFS['FarmRole']['x-createOnly'] += ['scalingGroup', 'cloudCredentials']

OPERATION_DEFS['Operation']['properties']['minHealthyPercent'] = ro({
    'description': 'The share of each bound scaling group kept in service while the cloud replaces its servers.',
    'type': 'integer'})
OPERATION_DEFS['ReplaceServersRequest']['properties']['minHealthyPercent'] = {
    'description': 'Farm Roles bound to a scaling group are replaced by the cloud\'s rolling update (ASG instance '
    'refresh, ESS rolling update) keeping this share of the group in service, 0 to 100 (default 90).',
    'type': 'integer'}

FARMCLOUD_DEFS = {
    'FarmSync': {'properties': {
        'farm': ro(ref('FarmForeignKey')),
        'started': ro({'format': 'date-time', 'type': 'string'}),
        'finished': ro({'format': 'date-time', 'type': 'string'}),
        'instances': ro({'description': 'Instances found in the bound scaling groups.', 'type': 'integer'}),
        'added': ro({'description': 'Instances recorded as new servers.', 'type': 'integer'}),
        'terminated': ro({'description': 'Servers marked terminated: their instance left the group.',
                          'type': 'integer'}),
        'failures': ro({'items': {'type': 'string'}, 'type': 'array'})}},
}


def farmcloud_paths():
    return {
        '/farm-roles/{farmRoleId}/actions/sync-image/': {
            'post': op('Write the Role\'s image for the Farm Role\'s location into its bound scaling group again '
                       '(the retry after a failure); answers the Farm Role with the outcome.',
                       ok('200', 'The JSON representation of a FarmRole object.', 'FarmRoleDetailsResponse'),
                       body('syncImageRequest', 'No options: send {}.', {'type': 'object', 'properties': {}},
                            required=False)),
        },
        '/farms/{farmId}/actions/sync/': {
            'post': op('Read the instances of the Farm\'s bound scaling groups into its servers now; answers when done.',
                       ok('200', 'The JSON representation of a FarmSync object.', 'FarmSyncDetailsResponse'),
                       body('syncFarmRequest', 'No options: send {}.', {'type': 'object', 'properties': {}},
                            required=False)),
        },
    }

# --- end of farm roles on real clouds ------------------------------------------------------------------------
# --- Usage explorer and fleet freshness (Imagehub), at all three scopes ------------------------------------
USAGE_DEFS = {
    'UsageImage': {'description': 'The Image a server runs (Imagehub).', 'properties': {
        'id': ro(UUID), 'name': ro({'type': 'string'})}},
    'UsageServer': {'description': 'An active server with the state of its Image (Imagehub).', 'properties': {
        'id': ro({'type': 'integer'}),
        'cloudServerId': ro({'description': 'The instance id in the cloud.', 'type': 'string'}),
        'farmId': ro({'type': 'integer'}), 'farmName': ro({'type': 'string'}),
        'farmRoleAlias': ro({'type': 'string'}),
        'envId': ro({'type': 'integer'}), 'envName': ro({'type': 'string'}),
        'owner': ro({'description': 'Email of the farm owner.', 'type': 'string'}),
        'image': ro(ref('UsageImage')),
        'imageAdded': ro({'format': 'date-time', 'type': 'string'}),
        'imageDeprecated': ro({'type': 'boolean'}),
        'imageSuperseded': ro({'description': "Whether the Image is not the Role's current Image for the server's "
                               'platform and location.', 'type': 'boolean'}),
        'currentImageName': ro({'type': 'string'}),
        'launched': ro({'format': 'date-time', 'type': 'string'})},
        'x-filterable': ['imageState', 'olderThanDays', 'imageId', 'farmId']},
    'FreshnessShare': {'properties': {
        'total': ro({'type': 'integer'}), 'fresh': ro({'type': 'integer'}),
        'share': ro({'description': 'fresh / total; 1 for an empty fleet.', 'type': 'number'})}},
    'FreshnessDay': {'properties': {
        'day': ro({'format': 'date', 'type': 'string'}), 'total': ro({'type': 'integer'}),
        'fresh': ro({'type': 'integer'}), 'share': ro({'type': 'number'})}},
    'Freshness': {'description': "The share of active servers on their Role's current Image, now and per day "
                  '(Imagehub).', 'properties': {
        'now': ro(ref('FreshnessShare')),
        'series': ro({'items': ref('FreshnessDay'), 'type': 'array'})}},
}


def usage_paths(level):
    word = SCOPES[level]['word']
    return {
        '/usage/servers/': {
            'get': op('List the active servers of the ' + word + ' with the state of their Image (Imagehub). '
                      'Filters: imageState (deprecated or superseded), olderThanDays (Image created before), '
                      'imageId, farmId. Unknown filters are refused.',
                      ok('200', 'A list of UsageServer objects.', 'UsageServerListResponse')),
        },
        '/usage/freshness/': {
            'get': op("Fleet freshness of the " + word + ": the share of active servers on their Role's current "
                      'Image now, and the daily snapshots of the last 30 days (Imagehub).',
                      ok('200', 'The JSON representation of a Freshness object.', 'FreshnessDetailsResponse')),
        },
    }
# --- end of usage -------------------------------------------------------------------------------------------

# --- Cloud credentials (Imagehub), account and user APIs ---------------------------------------------------
CREDENTIAL_PATH_PARAMS = {
    'credentialsId': {'description': 'The ID of stored Cloud Credentials (Imagehub).', 'type': 'integer',
                      'x-references': ref('CloudCredentials')},
}
CREDENTIAL_DEFS = {
    'CloudCredentials': {
        'description': 'Credentials for a real cloud, of an account (usable by its environments) or of one '
                       'environment (Imagehub). The secret is write-only: answers show **** and its last 4 characters.',
        'properties': {
            'id': ro({'type': 'integer'}),
            'name': {'description': 'Unique within the scope that defines them; 1 to 64 characters.', 'type': 'string'},
            'cloudPlatform': {'description': 'Fixed once created.', 'enum': ['ec2', 'aliyun'], 'type': 'string'},
            'accessKeyId': {'description': 'The AWS access key id or Alibaba Cloud AccessKey id.', 'type': 'string'},
            'secretAccessKey': {'description': 'Write-only: answered as **** and the last 4 characters. On PATCH, '
                                'leave it out (or blank) to keep the stored secret.', 'type': 'string'},
            'roleArn': {'description': 'An IAM role (arn:aws:iam::<account>:role/...) or RAM role '
                        '(acs:ram::<account>:role/...) to assume; optional.', 'type': 'string'},
            'endpoint': {'description': 'A base URL replacing the public endpoints (private endpoints, sovereign '
                         'regions, emulators); optional.', 'type': 'string'},
            'defaultRegions': {'description': 'Regions of the platform to use by default.',
                               'items': {'type': 'string'}, 'type': 'array'},
            'scope': ro(dict(SCOPE_ENUM, description="Where the credentials are defined; an environment's list "
                             "shows its account's credentials too (changed only at the account).")),
            'createdBy': ro({'type': 'string'}),
            'added': ro({'format': 'date-time', 'type': 'string'}),
            'lastModified': ro({'format': 'date-time', 'type': 'string'})},
        'required': ['name', 'cloudPlatform', 'accessKeyId', 'secretAccessKey'],
        # filters (#13): as CredentialApi.FILTERS declares them
        'x-filterable': ['id', 'name', 'cloudPlatform', 'scope']},
    'ConnectionCheck': {'properties': {
        'name': ro({'description': 'What was tried, e.g. List images.', 'type': 'string'}),
        'ok': ro({'type': 'boolean'}),
        'message': ro({'description': 'What works or what is denied, in plain words.', 'type': 'string'})}},
    'ConnectionTest': {'description': 'What a connection test found (Imagehub).', 'properties': {
        'ok': ro({'description': 'Whether every check passed.', 'type': 'boolean'}),
        'cloudLocation': ro({'description': 'The region tested.', 'type': 'string'}),
        'checks': ro({'items': ref('ConnectionCheck'), 'type': 'array'})}},
}


def credential_paths(level):
    word = SCOPES[level]['word']
    one = ok('200', 'The JSON representation of a CloudCredentials object.', 'CloudCredentialsDetailsResponse')
    return {
        '/cloud-credentials/': {
            'get': op('List the Cloud Credentials of the ' + word + (", then its Account's (usable here)"
                      if level == 'user' else '') + '. Admins only; secrets are never returned. '
                      # filters (#13)
                      'Filters: id, name, cloudPlatform, scope (account or environment).',
                      ok('200', 'A list of CloudCredentials objects.', 'CloudCredentialsListResponse')),
            'post': op('Store Cloud Credentials in the ' + word + '; the secret is sealed with the server key.',
                       ok('201', 'The JSON representation of a CloudCredentials object.',
                          'CloudCredentialsDetailsResponse'),
                       body('cloudCredentialsObject', 'The JSON representation of a CloudCredentials object.',
                            ref('CloudCredentials'))),
        },
        '/cloud-credentials/{credentialsId}/': {
            'get': op('Retrieve the given Cloud Credentials (secret masked).', one),
            'patch': op('Modify the given Cloud Credentials; a missing or blank secretAccessKey keeps the stored '
                        'secret, and cloudPlatform does not change.', one,
                        body('cloudCredentialsObject', 'The JSON representation of a CloudCredentials object.',
                             ref('CloudCredentials'))),
            'delete': op('Delete the given Cloud Credentials, refused while a Farm Role uses them.', DELETED),
        },
        '/cloud-credentials/{credentialsId}/actions/test/': {
            'post': op('Test the Cloud Credentials read-only against the cloud: which calls work, which are denied.',
                       ok('200', 'The JSON representation of a ConnectionTest object.', 'ConnectionTestDetailsResponse'),
                       body('connectionTestRequest', 'Where to test (default: the first default region).',
                            {'properties': {'cloudLocation': {'description': 'A region of the platform.',
                                                              'type': 'string'}}}, required=False)),
        },
    }
# --- end of cloud credentials -------------------------------------------------------------------------------



# --- Images on real clouds (imagecloud, #11): cloud facts on Image, copy to a region, delete with deregister -----

def imagecloud_update(definitions, paths):
    """Adds what #11 gives images: the cloud's facts, the copy action and deregistration on delete."""
    image = definitions['Image']['properties']
    image['status'] = ro({'description': 'Current status for this Image: pending while the cloud makes it (a '
                          'copy), failed when it could not (statusError says why), else active.',
                          'enum': ['active', 'pending', 'pending_delete', 'failed'], 'type': 'string'})
    image['cloudCredentials'] = {'description': 'The stored cloud credentials to look the image up with, where '
                                 'the scope holds several for its platform (Imagehub).',
                                 '$ref': '#/definitions/CloudCredentialsForeignKey'}
    image['cloudCreated'] = ro({'description': 'When the cloud created the image (Imagehub).',
                                'format': 'date-time', 'type': 'string'})
    image['cloudOwnerId'] = ro({'description': 'The cloud account that owns the image (Imagehub).',
                                'type': 'string'})
    image['copiedFrom'] = ro(ref('ImageForeignKey'))
    image['missingInCloud'] = ro({'description': 'The cloud no longer holds this image (Imagehub).',
                                  'type': 'boolean'})
    image['missingInCloudSince'] = ro({'format': 'date-time', 'type': 'string'})
    image['cloudDeprecation'] = ro({'description': 'How mirroring the deprecation into the cloud went, e.g. '
                                    '"Not mirrored: the endpoint does not support it" (Imagehub).',
                                    'type': 'string'})
    definitions['Image']['x-createOnly'].append('cloudCredentials')
    definitions['CloudCredentialsForeignKey'] = {'properties': {'id': {'type': 'integer'}}, 'required': ['id']}
    definitions['ImageCopyRequest'] = {'properties': {
        'cloudLocation': {'description': 'The region of the same cloud to copy the Image into.',
                          'type': 'string'}}, 'required': ['cloudLocation']}
    paths['/images/{imageId}/']['delete']['parameters'] = [{
        'name': 'deregister', 'in': 'query', 'required': False, 'type': 'boolean',
        'description': 'Also deregister the image in the cloud (an AMI and its snapshots; an Alibaba image) '
                       'after it leaves the catalog; a failed call is retried and audited.'}]
    paths['/images/{imageId}/actions/copy/'] = {
        'post': op('Copy an Image into another region of its cloud and register the copy at the same scope '
                   '(Imagehub). The answer is the new Image, status pending until the cloud has made it.',
                   ok('201', 'The JSON representation of a Image object.', 'ImageDetailsResponse'),
                   body('imageCopyRequest', 'The region to copy to.', ref('ImageCopyRequest'))),
    }
# --- end of images on real clouds ---------------------------------------------------------------------------

# --- Image update tasks and publish (tasks, #12), user API only -------------------------------------------
TASK_PATH_PARAMS = {
    'taskId': {'description': 'The ID of an image update task (Imagehub).', 'type': 'integer',
               'x-references': ref('ImageUpdateTask')},
    'executionId': {'description': 'The ID of a run of an image update task, or of a publish call (Imagehub).',
                    'type': 'integer', 'x-references': ref('ImageUpdateTaskExecution')},
}
TASK_DEFS = {
    'IdReference': {'properties': {'id': {'type': 'integer'}}, 'required': ['id']},
    'ImageUpdateTaskTarget': {
        'description': 'Either a role in one location ({"role": {"id"}, "cloudLocation"}) or a farm role '
                       '({"farmRole": {"id"}}: its role in its location, so its scaling group follows).',
        'properties': {'role': ref('IdReference'), 'cloudLocation': {'type': 'string'},
                       'farmRole': ref('IdReference')}},
    'ImageUpdateTaskRecurrence': {'properties': {
        'frequency': {'enum': ['daily', 'weekly', 'monthly'], 'type': 'string'},
        'daysOfWeek': {'description': 'Weekly: the days, e.g. ["MON", "THU"].',
                       'items': {'enum': ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], 'type': 'string'},
                       'type': 'array'},
        'daysOfMonth': {'description': 'Monthly: a range of days; a day past the end of a month is skipped '
                        'in that month.', 'properties': {'from': {'type': 'integer'}, 'to': {'type': 'integer'}}},
        'timeOfDay': {'description': 'HH:mm in the timing\'s time zone.', 'type': 'string'}},
        'required': ['frequency', 'timeOfDay']},
    'ImageUpdateTaskTiming': {
        'description': 'Date-times are wall-clock times (yyyy-MM-ddTHH:mm, minute precision) in timeZone. A time '
                       'that does not exist (spring forward) runs at the shifted instant; an ambiguous one (fall '
                       'back) at the earlier.',
        'properties': {
            'type': {'enum': ['now', 'scheduled', 'periodic'], 'type': 'string'},
            'at': {'description': 'Scheduled: when, in the future.', 'type': 'string'},
            'timeZone': {'description': 'An IANA zone such as Europe/Berlin (default UTC).', 'type': 'string'},
            'recurrence': ref('ImageUpdateTaskRecurrence'),
            'startsAt': {'description': 'Periodic: no run before (default now).', 'type': 'string'},
            'expiresAt': {'description': 'Periodic: no run after; after startsAt.', 'type': 'string'}},
        'required': ['type']},
    'ImageUpdateTaskStep': {'properties': {
        'name': ro({'description': 'create image, wait until available, register, replace in targets, '
                    'deprecate replaced, revert targets.', 'type': 'string'}),
        'status': ro({'enum': ['running', 'succeeded', 'failed'], 'type': 'string'}),
        'started': ro({'format': 'date-time', 'type': 'string'}),
        'finished': ro({'format': 'date-time', 'type': 'string'}),
        'message': ro({'type': 'string'})}},
    'ImageUpdateTaskExecution': {
        'description': 'A run: every step with its times and outcome. A failed run restores every target it '
                       'changed (status reverted) and keeps the image it registered, marked as from a failed run.',
        'properties': {
            'id': ro({'type': 'integer'}),
            'task': ro(dict(ref('IdReference'), **{'x-nullable': True})),
            'status': ro({'enum': ['pending', 'running', 'succeeded', 'failed', 'reverted', 'cancelled', 'skipped'],
                          'type': 'string'}),
            'image': ro(ref('ImageIdentity')),
            'steps': ro({'items': ref('ImageUpdateTaskStep'), 'type': 'array'}),
            'started': ro({'format': 'date-time', 'type': 'string'}),
            'finished': ro({'format': 'date-time', 'type': 'string'}),
            'cause': ro({'description': 'Why it failed, was reverted, cancelled or skipped (Imagehub).',
                         'type': 'string'})},
        # filters (#13): as UpdateTaskApi.EXECUTION_FILTERS declares them
        'x-filterable': ['status']},
    'ImageUpdateTask': {
        'description': 'Snapshot a server into a new image named <imageName>_on_<executionId>_at_<yyyyMMddHHmm> '
                       '(in the task\'s time zone) and roll it into roles and farm roles (Imagehub).',
        'properties': {
            'id': ro({'type': 'integer'}),
            'name': {'type': 'string'},
            'sourceServer': ref('IdReference'),
            'imageName': {'type': 'string'},
            'registerAt': {'enum': ['environment', 'account'], 'type': 'string'},
            'targets': {'items': ref('ImageUpdateTaskTarget'), 'type': 'array'},
            'deprecateReplaced': {'type': 'boolean'},
            'timing': ref('ImageUpdateTaskTiming'),
            'runAs': dict(ref('IdReference'), description='Scheduled and periodic: a service account with '
                          'operator rights in the environment (and stored cloud credentials for ec2 / aliyun).'),
            'status': ro({'enum': ['active', 'paused', 'finished'], 'type': 'string'}),
            'nextRuns': ro({'items': {'format': 'date-time', 'type': 'string'}, 'type': 'array'}),
            'lastExecution': ro(ref('ImageUpdateTaskExecution'))},
        'required': ['name', 'sourceServer', 'imageName', 'registerAt', 'targets', 'timing'],
        # filters (#13): as UpdateTaskApi.TASK_FILTERS declares them
        'x-filterable': ['status']},
    'ImagePublishRequest': {'properties': {
        'server': ref('IdReference'),
        'role': ref('IdReference'),
        'cloudLocation': {'type': 'string'},
        'imageName': {'type': 'string'},
        'registerAt': {'default': 'account', 'enum': ['environment', 'account'], 'type': 'string'},
        'deprecateReplaced': {'default': True, 'type': 'boolean'}},
        'required': ['server', 'role', 'cloudLocation', 'imageName']},
}


def task_paths():
    task_ok = ok('200', 'The JSON representation of an ImageUpdateTask object.', 'ImageUpdateTaskDetailsResponse')
    run_ok = ok('200', 'The JSON representation of an ImageUpdateTaskExecution object.',
                'ImageUpdateTaskExecutionDetailsResponse')
    run_started = ok('202', 'The run, started; poll it.', 'ImageUpdateTaskExecutionDetailsResponse')
    task_body = body('imageUpdateTaskObject', 'The JSON representation of an ImageUpdateTask object.',
                     ref('ImageUpdateTask'))
    return {
        '/image-update-tasks/': {
            # filters (#13)
            'get': op('List the image update tasks of this Environment. Filter: status (active, paused, finished).',
                      ok('200', 'A list of ImageUpdateTask objects.', 'ImageUpdateTaskListResponse')),
            'post': op('Create an image update task (environment admins). A "now" task runs at once as you.',
                       ok('201', 'The JSON representation of an ImageUpdateTask object.',
                          'ImageUpdateTaskDetailsResponse'), task_body),
        },
        '/image-update-tasks/{taskId}/': {
            'get': op('Retrieve an image update task with its next runs and last run.', task_ok),
            'patch': op('Modify an image update task; what the body leaves out stays as it is.', task_ok, task_body),
            'delete': op('Delete an image update task; its runs stay in the history.', DELETED),
        },
        '/image-update-tasks/{taskId}/actions/run/': {
            'post': op('Run the task once now (operators).', run_started),
        },
        '/image-update-tasks/{taskId}/actions/pause/': {
            'post': op('Pause the task: no scheduled runs until resumed (operators).', task_ok),
        },
        '/image-update-tasks/{taskId}/actions/resume/': {
            'post': op('Resume the task from its next slot after now (operators).', task_ok),
        },
        '/image-update-tasks/{taskId}/executions/': {
            # filters (#13)
            'get': op('List the runs of the task, newest first. Filter: status.',
                      ok('200', 'A list of ImageUpdateTaskExecution objects.',
                         'ImageUpdateTaskExecutionListResponse')),
        },
        '/image-update-task-executions/{executionId}/': {
            'get': op('Retrieve a run with its steps.', run_ok),
        },
        '/image-update-task-executions/{executionId}/actions/cancel/': {
            'post': op('Cancel a run: a pending one never starts, a running one stops and restores every target '
                       'it changed (operators).', run_ok),
        },
        '/images/actions/publish/': {
            'post': op('Snapshot a server, register the image (at the account by default) and put it into a '
                       'role\'s location, replacing (and by default deprecating) the image it had there: the CI '
                       'pipeline in one call (environment admins).', run_started,
                       body('imagePublishRequest', 'What to publish.', ref('ImagePublishRequest'))),
        },
    }
# --- end of image update tasks -----------------------------------------------------------------------------


def build(level):
    scope = SCOPES[level]
    paths = scoped_paths(level)
    definitions = copy.deepcopy(DEFINITIONS)
    imagecloud_update(definitions, paths)
    paths.update(usage_paths(level))
    definitions.update(copy.deepcopy(USAGE_DEFS))
    if level == 'account':
        paths.update(account_paths())
        definitions.update(copy.deepcopy(ACCOUNT_DEFS))
    if level in ('account', 'user'):
        paths.update(credential_paths(level))
        definitions.update(copy.deepcopy(CREDENTIAL_DEFS))
    if level == 'user':
        paths.update(operation_paths())
        definitions.update(copy.deepcopy(OPERATION_DEFS))
        paths.update(farm_paths())
        definitions.update(copy.deepcopy(FARM_DEFS))
        paths.update(farmcloud_paths())
        definitions.update(copy.deepcopy(FARMCLOUD_DEFS))
        paths.update(task_paths())
        definitions.update(copy.deepcopy(TASK_DEFS))
    if level == 'global':
        paths.update(global_paths())
        definitions.update(copy.deepcopy(GLOBAL_DEFS))
    out_paths = {}
    for route in sorted(paths):
        key = ('/{' + scope['param'] + '}' if scope['param'] else '') + route
        names = [scope['param']] if scope['param'] else []
        names += [seg[1:-1] for seg in route.split('/') if seg.startswith('{') and seg[1:-1] not in names]
        params = []
        for name in names:
            spec = path_param(name)
            params.append(dict(spec, name=name, **{'in': 'path', 'required': True}))
        out_paths[key] = dict({'parameters': params}, **paths[route])
    # Response envelopes for every item definition the operations name.
    for item in [d for d in list(definitions) if 'properties' in definitions[d] and d not in ENVELOPES]:
        definitions[item + 'DetailsResponse'] = one_response(item)
        definitions[item + 'ListResponse'] = list_response(item)
    definitions['RoleScopeIdentityListResponse'] = list_response('RoleScopeIdentity', paginated=False)
    definitions['ImageUsageDetailsResponse'] = one_response('ImageUsage')
    used = set()
    text = yaml.safe_dump(out_paths)
    for name in list(definitions):
        if ("'#/definitions/" + name + "'") in text or name in ('ApiErrorResponse',):
            used.add(name)
    # Keep the definitions the paths reach, with what those reach in turn.
    keep, todo = set(), list(used)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        dumped = yaml.safe_dump(definitions[name])
        todo += [d for d in definitions if ("'#/definitions/" + d + "'") in dumped]
    spec = {
        'swagger': '2.0',
        'info': {'title': 'Imagehub ' + level.capitalize() + ' API', 'version': 'v1beta0',
                 'description': 'Scalr APIv2 (v1beta0) compatible API of Imagehub, ' + level + ' scope. Requests '
                 'are signed with X-Scalr-Key-Id, X-Scalr-Date and X-Scalr-Signature.'},
        'basePath': '/api/v1beta0/' + level,
        'schemes': ['https', 'http'],
        'consumes': ['application/json'],
        'produces': ['application/json'],
        'paths': out_paths,
        'definitions': {name: definitions[name] for name in sorted(keep)},
    }
    return spec


class Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


if __name__ == '__main__':
    for level in SCOPES:
        spec = build(level)
        with open(os.path.join(OUT, level + '.v1beta0.yml'), 'w') as f:
            f.write('# Generated by tools/generate_api_specs.py; edit that script, not this file.\n')
            yaml.dump(spec, f, Dumper=Dumper, sort_keys=False, width=110, default_flow_style=False)
        print(level, len(spec['paths']), 'paths', len(spec['definitions']), 'definitions')
