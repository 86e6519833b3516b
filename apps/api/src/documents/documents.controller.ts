import {
  Injectable,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  AppointmentStaffService,
  BookingService,
  type Actor,
  type AppointmentEntity,
} from '@app/appointments';
import { ErrorResponseDto } from '@app/common';
import { DocumentService, type DocumentView } from '@app/documents';
import { CounsellorService } from '@app/roster';
import type { StaffPrincipal } from '@app/staff';
import { manageToken } from '../appointments/manage-token.js';
import { CurrentStaff, ManageLink, Public, RateLimit } from '../auth/auth.decorators.js';

export class DocumentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({
    description: 'Absent for admins: they manage documents but do not read them',
  })
  fileName?: string;
  @ApiProperty({ enum: ['application/pdf', 'image/jpeg', 'image/png'] }) contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ enum: ['client', 'counsellor'] }) uploadedBy: string;
  @ApiProperty() createdAt: string;
}

const toDto = (d: DocumentView, withName = true): DocumentDto => ({
  id: d.id,
  ...(withName ? { fileName: d.fileName } : {}),
  contentType: d.contentType,
  sizeBytes: d.sizeBytes,
  uploadedBy: d.uploadedBy,
  createdAt: d.createdAt.toISOString(),
});

const UPLOAD_BODY = {
  schema: {
    type: 'object',
    properties: { file: { type: 'string', format: 'binary', description: 'PDF, JPEG or PNG' } },
    required: ['file'],
  },
};

function send(response: Response, document: DocumentView, content: Buffer): StreamableFile {
  response.attachment(document.fileName);
  response.setHeader('Cache-Control', 'no-store');
  return new StreamableFile(content, { type: document.contentType, length: content.length });
}

const uuid = new ParseUUIDPipe();

/**
 * Checks the manage link before an upload is read: guards run before the file interceptor, so an
 * unknown token never gets megabytes buffered in memory.
 */
@Injectable()
export class ManageTokenGuard implements CanActivate {
  constructor(private readonly booking: BookingService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const token = context.switchToHttp().getRequest<Request>().headers['x-manage-token'];
    await this.booking.byToken(manageToken(token));
    return true;
  }
}
const CLIENT: Actor = { type: 'client', id: null };

@ApiTags('public: manage link')
@Public()
@RateLimit('manage')
@ManageLink()
@ApiNotFoundResponse({ type: ErrorResponseDto })
@Controller('api/public/manage/documents')
export class ClientDocumentsController {
  constructor(
    private readonly booking: BookingService,
    private readonly documents: DocumentService,
  ) {}

  private appointment(token: string | undefined): Promise<AppointmentEntity> {
    return this.booking.byToken(manageToken(token));
  }

  @Get()
  @ApiOperation({
    summary: 'The documents of this appointment, from the client and the counsellor',
  })
  @ApiOkResponse({ type: [DocumentDto] })
  async list(@Headers('x-manage-token') token: string | undefined): Promise<DocumentDto[]> {
    const appointment = await this.appointment(token);
    return (await this.documents.list(appointment.id)).map((d) => toDto(d));
  }

  @Post()
  @UseGuards(ManageTokenGuard)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({ summary: 'Upload a document (PDF, JPEG or PNG, checked by content)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiCreatedResponse({ type: DocumentDto })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto })
  async upload(
    @Headers('x-manage-token') token: string | undefined,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<DocumentDto> {
    const appointment = await this.appointment(token);
    return toDto(await this.documents.upload(appointment, 'client', CLIENT, file));
  }

  @Get(':documentId')
  @ApiOperation({ summary: 'Download a document' })
  async download(
    @Headers('x-manage-token') token: string | undefined,
    @Param('documentId', uuid) documentId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const appointment = await this.appointment(token);
    const { document, content } = await this.documents.download(appointment.id, documentId, CLIENT);
    return send(response, document, content);
  }
}

@ApiTags('documents (staff)')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not the assigned counsellor' })
@ApiNotFoundResponse({ type: ErrorResponseDto })
@Controller('api/appointments/:id/documents')
export class StaffDocumentsController {
  constructor(
    private readonly appointments: AppointmentStaffService,
    private readonly counsellors: CounsellorService,
    private readonly documents: DocumentService,
  ) {}

  /**
   * Only the assigned counsellor reads and adds documents; admins list and delete them but never
   * see names or contents. Another office's appointment is not found (AppointmentStaffService).
   */
  private async appointment(
    staff: StaffPrincipal,
    id: string,
    allowAdmin: boolean,
  ): Promise<AppointmentEntity> {
    const appointment = await this.appointments.inOffice(staff, id);
    if (staff.role === 'admin') {
      if (allowAdmin) return appointment;
      throw new ForbiddenException('Admins manage documents but cannot read or add them');
    }
    const own = await this.counsellors.forStaff(staff.staffId);
    if (!own || own.id !== appointment.counsellorId) {
      throw new ForbiddenException('Only the assigned counsellor has access to these documents');
    }
    return appointment;
  }

  @Get()
  @ApiOperation({ summary: 'The documents of an appointment (admins: without names)' })
  @ApiOkResponse({ type: [DocumentDto] })
  async list(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
  ): Promise<DocumentDto[]> {
    await this.appointment(staff, id, true);
    return (await this.documents.list(id)).map((d) => toDto(d, staff.role !== 'admin'));
  }

  @Post()
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({ summary: 'Upload a document for the client (e.g. a filled-in form)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiCreatedResponse({ type: DocumentDto })
  async upload(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<DocumentDto> {
    const appointment = await this.appointment(staff, id, false);
    return toDto(
      await this.documents.upload(
        appointment,
        'counsellor',
        { type: 'staff', id: staff.staffId },
        file,
      ),
    );
  }

  @Get(':documentId')
  @ApiOperation({ summary: 'Download a document (assigned counsellor only; audited)' })
  async download(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
    @Param('documentId', uuid) documentId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    await this.appointment(staff, id, false);
    const { document, content } = await this.documents.download(id, documentId, {
      type: 'staff',
      id: staff.staffId,
    });
    return send(response, document, content);
  }

  @Delete(':documentId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a document (assigned counsellor or admin; audited)' })
  async remove(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
    @Param('documentId', uuid) documentId: string,
  ): Promise<void> {
    await this.appointment(staff, id, true);
    await this.documents.remove(id, documentId, { type: 'staff', id: staff.staffId });
  }
}
